package io.chatrelay.codec.crypto;

import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF with SHA-512 (RFC 5869), as SimpleX derives keys. */
public final class Hkdf {
  private Hkdf() {}

  /**
   * Extracts and expands {@code length} bytes.
   *
   * @throws IllegalArgumentException if {@code length} exceeds 255 × 64 bytes
   */
  public static byte[] sha512(byte[] salt, byte[] ikm, byte[] info, int length) {
    if (length < 0 || length > 255 * 64) {
      throw new IllegalArgumentException("HKDF-SHA512 length out of range: " + length);
    }
    HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA512Digest());
    gen.init(new HKDFParameters(ikm, salt, info));
    byte[] out = new byte[length];
    gen.generateBytes(out, 0, length);
    return out;
  }
}
