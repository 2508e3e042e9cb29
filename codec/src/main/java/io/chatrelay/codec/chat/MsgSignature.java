package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.Objects;

/**
 * One signature of a {@link SignedElement} (simplex-chat's {@code MsgSignature}): the key reference
 * {@code 'M'} (the sender's member key), then the Ed25519 signature as a ByteString: {@code 'M'
 * 0x40 <64 bytes>}.
 *
 * <p>The channels protocol's ABNF omits the length byte; simplex-chat's encoder writes it ({@code
 * smpEncode (keyRef, signatureBytes sig)}), and so does this codec. Only 64-byte (Ed25519)
 * signatures are read.
 *
 * @param signature the 64-byte signature; {@link #toString()} does not print it
 */
public record MsgSignature(Bytes signature) {
  /** The key reference byte of a member key. */
  public static final char KEY_REF_MEMBER = 'M';

  public static final int LENGTH = 64;

  public MsgSignature {
    Objects.requireNonNull(signature, "signature");
    if (signature.length() != LENGTH) {
      throw new IllegalArgumentException("signature must be 64 bytes");
    }
  }

  void encode(BinaryWriter w) {
    w.writeChar(KEY_REF_MEMBER);
    signature.writeShort(w);
  }

  static MsgSignature decode(BinaryReader r) {
    int ref = r.readByte();
    if (ref != KEY_REF_MEMBER) {
      throw DecodeException.unknownType("invalid key reference 0x" + Integer.toHexString(ref));
    }
    return new MsgSignature(Bytes.of(r.readShortBytesExactly(LENGTH, "signature")));
  }

  @Override
  public String toString() {
    return "MsgSignature[M]";
  }
}
