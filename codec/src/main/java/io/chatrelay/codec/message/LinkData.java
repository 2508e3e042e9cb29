package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;

/**
 * {@code LINKDATA}: a group's link data as the relay holds it: {@code fixedData(Large)
 * signedLinkData(Large)}. Untrusted until the client verifies it against its link key.
 */
public record LinkData(Bytes fixedData, Bytes signedLinkData) implements RelayMessage {
  public static final String TAG = "LINKDATA";

  public LinkData {
    Fields.required(fixedData, "fixed data");
    Fields.required(signedLinkData, "signed link data");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    w.writeLarge(fixedData.toByteArray()).writeLarge(signedLinkData.toByteArray());
  }

  static LinkData read(BinaryReader r) {
    return new LinkData(
        Bytes.of(r.readLarge(Invite.MAX_FIXED)), Bytes.of(r.readLarge(Invite.MAX_SIGNED)));
  }
}
