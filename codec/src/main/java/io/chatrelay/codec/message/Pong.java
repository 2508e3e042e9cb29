package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;

/** {@code PONG}: answer to {@link Ping}. Empty body. */
public record Pong() implements RelayMessage {
  public static final String TAG = "PONG";

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {}

  static Pong read(BinaryReader r) {
    return new Pong();
  }
}
