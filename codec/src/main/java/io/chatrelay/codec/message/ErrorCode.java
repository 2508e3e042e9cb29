package io.chatrelay.codec.message;

/**
 * Protocol error codes (version 1), sent by name. An unknown name from a newer relay decodes as
 * {@link #UNKNOWN} rather than failing, so old clients keep working.
 */
public enum ErrorCode {
  /** The frame does not decode (truncated, over a limit, unknown tag). */
  MALFORMED,
  /** No common protocol version. */
  UNSUPPORTED_VERSION,
  /** A request before the {@code HELLO} exchange, or a second {@code HELLO}. */
  HANDSHAKE,
  /** No group is served at this address or link key. */
  UNKNOWN_ADDRESS,
  /** A signature, proof or certificate does not verify. */
  BAD_SIGNATURE,
  /** The signer is not an owner (or not a member) of the group. */
  UNAUTHORISED,
  /** Link data invalid: hash mismatch, owner chain, or a relay list without this relay. */
  INVALID_LINK_DATA,
  /** Link data older than what the relay holds (rollback refused). */
  STALE_LINK_DATA,
  /** The group is not active at this relay (not yet validated, or removed). */
  NOT_ACTIVE,
  /** The owners suspended joins; the join is kept queued. */
  JOINS_SUSPENDED,
  /** Subscribing or posting requires an admitted member key. */
  NOT_MEMBER,
  /** The group's queue is full: retry after the given delay. */
  BUSY,
  /** The store is unreachable: retry after the given delay. */
  UNAVAILABLE,
  /** A configured limit (connections, subscriptions, size) was reached. */
  LIMIT,
  /** The reader did not keep up with its outbound buffer; resume from the last sequence. */
  SLOW_CONSUMER,
  /** A command id seen before, or a command too far from the relay's clock. */
  REPLAYED,
  /** The relay failed unexpectedly; nothing was applied. */
  INTERNAL,
  /** A code this version does not know. */
  UNKNOWN;

  static ErrorCode fromName(String name) {
    for (ErrorCode c : values()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return UNKNOWN;
  }
}
