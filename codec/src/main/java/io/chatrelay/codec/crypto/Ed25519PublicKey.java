package io.chatrelay.codec.crypto;

import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key (RFC 8032), 32 bytes.
 *
 * <p>The key is decoded once at construction: a byte string that is not a valid curve point, or is
 * a small-order point, is refused, and verification reuses the decoded point (faster when one key
 * checks many signatures, as an owner key does for a channel's posts).
 */
public final class Ed25519PublicKey {
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private final Ed25519.PublicPoint point;

  private Ed25519PublicKey(byte[] bytes, Ed25519.PublicPoint point) {
    this.bytes = bytes;
    this.point = point;
  }

  /**
   * Parses a raw 32-byte public key.
   *
   * @throws CryptoException if the bytes are not 32 long or not a valid point
   */
  public static Ed25519PublicKey of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new CryptoException(
          "Ed25519 public key must be 32 bytes, got " + (bytes == null ? 0 : bytes.length));
    }
    byte[] copy = bytes.clone();
    // Partial validation: a canonical encoding of a curve point that is not one of the eight
    // small-order points (those would let anyone forge "signatures" for the key). The full
    // prime-order-subgroup check costs 4x as much (~100 µs) and adds nothing for our use: a
    // mixed-order key cannot make anyone but its holder's signatures verify.
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(copy, 0);
    if (point == null) {
      throw new CryptoException("not a valid Ed25519 public key");
    }
    return new Ed25519PublicKey(copy, point);
  }

  /** True if {@code signature} is a valid Ed25519 signature of {@code message} by this key. */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** A short fingerprint, not the key: public keys are not secret, but logs stay short. */
  @Override
  public String toString() {
    return "Ed25519PublicKey["
        + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(bytes, 6))
        + "…]";
  }
}
