package io.chatrelay.server.fanout;

/**
 * A stored post ready to send: its sequence number and its {@code DELIVER} frame, encoded once and
 * written as is to every subscriber (the array is never modified after construction).
 */
public record Delivery(long seq, byte[] frame) {}
