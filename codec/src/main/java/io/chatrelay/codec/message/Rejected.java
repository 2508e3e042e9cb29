package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;

/**
 * {@code REJECTED}: the relay will not serve the group. {@code reason(ByteString, ASCII code)
 * text(ByteString, UTF-8)}; the owner's client shows the text. Codes in version 1: {@code POLICY}
 * (not on the allow-list), {@code CONTENT} (refused words in the profile), {@code CAPACITY} (the
 * relay serves its maximum of groups), {@code PROOF} (no valid owner proof), {@code LINK_DATA}
 * (invalid link data).
 */
public record Rejected(String reason, String text) implements RelayMessage {
  public static final String TAG = "REJECTED";

  public Rejected {
    Fields.required(reason, "reason");
    Fields.required(text, "text");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    w.writeShortString(reason).writeShortString(text);
  }

  static Rejected read(BinaryReader r) {
    return new Rejected(r.readShortString(), r.readShortString());
  }
}
