package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;

/** {@code OK}: the request was applied. Empty body. */
public record Ok() implements RelayMessage {
  public static final String TAG = "OK";

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {}

  static Ok read(BinaryReader r) {
    return new Ok();
  }
}
