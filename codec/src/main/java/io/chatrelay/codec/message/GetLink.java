package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;

/**
 * {@code GETLINK}: fetch the latest verified link data of the group whose link key is given. {@code
 * linkKey(ByteString, 32)}. Anyone holding the group link may ask; the answer is checked against
 * the link key by the client.
 */
public record GetLink(Bytes linkKey) implements ClientMessage {
  public static final String TAG = "GETLINK";

  public GetLink {
    Fields.exactly(linkKey, 32, "link key");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    linkKey.writeShort(w);
  }

  static GetLink read(BinaryReader r) {
    return new GetLink(Fields.readExactly(r, 32, "link key"));
  }
}
