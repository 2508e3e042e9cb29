package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryWriter;

/**
 * A relay protocol message (version 1): one WebSocket binary frame carries one {@link Frame}, whose
 * body is a message. Client messages go from owners and members to a relay; relay messages come
 * back. Every message has a distinct ASCII tag; {@link MessageCodec} is the one decoder.
 */
public sealed interface Message permits ClientMessage, RelayMessage {
  /** The ASCII tag that names this message on the wire. */
  String tag();

  /** Writes the body (everything after the tag). */
  void encodeBody(BinaryWriter w);
}
