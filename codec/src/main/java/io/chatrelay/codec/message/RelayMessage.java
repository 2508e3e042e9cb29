package io.chatrelay.codec.message;

/** A message from a relay to a client: a response (same correlation id) or a pushed event. */
public sealed interface RelayMessage extends Message
    permits RelayHello,
        Accepted,
        Rejected,
        LinkData,
        Ok,
        Queued,
        Joined,
        Posted,
        Subscribed,
        Deliver,
        LogEntry,
        ErrorMessage,
        Pong {}
