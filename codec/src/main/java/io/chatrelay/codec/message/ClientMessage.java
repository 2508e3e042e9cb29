package io.chatrelay.codec.message;

/** A message from an owner or member client to a relay. */
public sealed interface ClientMessage extends Message
    permits ClientHello,
        Invite,
        LinkUpdate,
        Command,
        GetLink,
        Join,
        Publish,
        Subscribe,
        Certify,
        Ping {}
