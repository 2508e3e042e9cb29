package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.version.VersionRange;

/**
 * {@code HELLO}: the first frame of every connection. {@code versions(Word16, Word16)
 * clientNonce(ByteString, 32)}; the relay signs the nonce in its {@link RelayHello}, proving it
 * holds the identity the client's link names.
 */
public record ClientHello(VersionRange versions, Bytes clientNonce) implements ClientMessage {
  public static final String TAG = "HELLO";

  public ClientHello {
    Fields.required(versions, "versions");
    Fields.exactly(clientNonce, Fields.NONCE, "client nonce");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    versions.encode(w);
    clientNonce.writeShort(w);
  }

  static ClientHello read(BinaryReader r) {
    return new ClientHello(VersionRange.decode(r), Fields.readExactly(r, Fields.NONCE, "nonce"));
  }
}
