package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.crypto.CryptoException;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The DER (X.509 SubjectPublicKeyInfo) form of an Ed25519 public key, as simplexmq's {@code
 * encodePubKey} writes it in link data: the 12-byte header {@code 302a300506032b6570032100} then
 * the 32 raw key bytes, {@value #LENGTH} bytes in all. In binary structures it is a {@code
 * ByteString} ({@code 0x2c} then the 44 bytes); signatures next to it are a {@code ByteString} of
 * 64 bytes.
 */
public final class Ed25519Der {
  /** Length of the DER form. */
  public static final int LENGTH = 44;

  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_LENGTH = 64;

  private static final byte[] HEADER = HexFormat.of().parseHex("302a300506032b6570032100");

  private Ed25519Der() {}

  /** The 44-byte DER form of {@code key}. */
  public static byte[] encode(Ed25519PublicKey key) {
    byte[] der = Arrays.copyOf(HEADER, LENGTH);
    System.arraycopy(key.bytes(), 0, der, HEADER.length, Ed25519PublicKey.LENGTH);
    return der;
  }

  /**
   * Parses the DER form.
   *
   * @throws DecodeException BAD_KEY if it is not 44 bytes, has another header, or holds an invalid
   *     point
   */
  public static Ed25519PublicKey decode(byte[] der) {
    if (der.length != LENGTH) {
      throw DecodeException.badKey(
          "Ed25519 public key must be " + LENGTH + " DER bytes, got " + der.length);
    }
    if (!Arrays.equals(der, 0, HEADER.length, HEADER, 0, HEADER.length)) {
      throw DecodeException.badKey("Ed25519 public key has a wrong DER header");
    }
    try {
      return Ed25519PublicKey.of(Arrays.copyOfRange(der, HEADER.length, LENGTH));
    } catch (CryptoException e) {
      throw new DecodeException(DecodeException.Reason.BAD_KEY, e.getMessage(), e);
    }
  }

  static void write(BinaryWriter w, Ed25519PublicKey key) {
    w.writeShortBytes(encode(key));
  }

  /** Reads a {@code ByteString} holding the DER form. */
  static Ed25519PublicKey read(BinaryReader r, String what) {
    byte[] der = r.readShortBytes();
    try {
      return decode(der);
    } catch (DecodeException e) {
      throw new DecodeException(e.reason(), what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a {@code ByteString} signature. simplexmq's {@code decodeSignature} takes 64 bytes as
   * Ed25519 and refuses any other length for an Ed25519 signature.
   */
  static byte[] readSignature(BinaryReader r, String what) {
    return r.readShortBytesExactly(SIGNATURE_LENGTH, what);
  }
}
