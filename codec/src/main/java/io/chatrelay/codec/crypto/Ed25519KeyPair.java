package io.chatrelay.codec.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 signing key (32-byte seed) with its public key.
 *
 * <p>{@link #toString()} never prints the seed. Generation draws from a {@link SecureRandom}; call
 * it off event-loop threads.
 */
public final class Ed25519KeyPair {
  private final byte[] seed;
  private final Ed25519PublicKey publicKey;

  private Ed25519KeyPair(byte[] seed) {
    this.seed = seed;
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    this.publicKey = Ed25519PublicKey.of(pk);
  }

  public static Ed25519KeyPair generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    random.nextBytes(seed);
    return new Ed25519KeyPair(seed);
  }

  /**
   * Restores a key pair from its 32-byte seed.
   *
   * @throws CryptoException if the seed is not 32 bytes
   */
  public static Ed25519KeyPair fromSeed(byte[] seed) {
    if (seed == null || seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new CryptoException("Ed25519 seed must be 32 bytes");
    }
    return new Ed25519KeyPair(seed.clone());
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** The 32-byte seed; handle as a secret. */
  public byte[] seed() {
    return seed.clone();
  }

  /** Signs {@code message}; returns the 64-byte signature. */
  public byte[] sign(byte[] message) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519KeyPair k && Arrays.equals(seed, k.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "Ed25519KeyPair[" + publicKey + "]";
  }
}
