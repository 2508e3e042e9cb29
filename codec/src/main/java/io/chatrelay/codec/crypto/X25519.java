package io.chatrelay.codec.crypto;

import java.security.SecureRandom;

/** X25519 key agreement (RFC 7748) over raw 32-byte keys. */
public final class X25519 {
  public static final int KEY_LENGTH = 32;

  private X25519() {}

  /** A fresh private key (clamped on use, as RFC 7748 specifies). */
  public static byte[] generatePrivateKey(SecureRandom random) {
    byte[] k = new byte[KEY_LENGTH];
    org.bouncycastle.math.ec.rfc7748.X25519.generatePrivateKey(random, k);
    return k;
  }

  public static byte[] publicKey(byte[] privateKey) {
    check(privateKey, "private");
    byte[] pk = new byte[KEY_LENGTH];
    org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(privateKey, 0, pk, 0);
    return pk;
  }

  /**
   * The shared secret of {@code privateKey} and {@code peerPublicKey}.
   *
   * @throws CryptoException if the result is all zeros (a low-order peer key)
   */
  public static byte[] sharedSecret(byte[] privateKey, byte[] peerPublicKey) {
    check(privateKey, "private");
    check(peerPublicKey, "public");
    byte[] out = new byte[KEY_LENGTH];
    if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(
        privateKey, 0, peerPublicKey, 0, out, 0)) {
      throw new CryptoException("X25519 agreement with a low-order public key");
    }
    return out;
  }

  private static void check(byte[] key, String what) {
    if (key == null || key.length != KEY_LENGTH) {
      throw new CryptoException("X25519 " + what + " key must be 32 bytes");
    }
  }
}
