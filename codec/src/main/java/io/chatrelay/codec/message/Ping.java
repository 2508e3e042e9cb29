package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;

/** {@code PING}: keep-alive; the relay answers {@link Pong}. Empty body. */
public record Ping() implements ClientMessage {
  public static final String TAG = "PING";

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {}

  static Ping read(BinaryReader r) {
    return new Ping();
  }
}
