package io.chatrelay.codec.crypto;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/** SHA-256, SHA-512 and SHA3-256 over byte arrays (Bouncy Castle digests). */
public final class Hashes {
  private Hashes() {}

  public static byte[] sha256(byte[]... parts) {
    return digest(new SHA256Digest(), parts);
  }

  public static byte[] sha512(byte[]... parts) {
    return digest(new SHA512Digest(), parts);
  }

  /** SHA3-256 (FIPS 202), as used for {@code linkKey = SHA3-256(fixed link data)}. */
  public static byte[] sha3_256(byte[]... parts) {
    return digest(new SHA3Digest(256), parts);
  }

  private static byte[] digest(Digest d, byte[]... parts) {
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return out;
  }
}
