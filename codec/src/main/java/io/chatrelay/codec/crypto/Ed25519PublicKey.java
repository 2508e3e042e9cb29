package io.chatrelay.codec.crypto;

import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key (RFC 8032), 32 bytes.
 *
 * <p>The key is decoded once at construction: a byte string that is not the canonical encoding of a
 * curve point, or is a small-order point, is refused. The decoded point is kept for {@link
 * Ed25519Batch}; the form Bouncy Castle's check of one signature takes is made on the first such
 * check and kept (faster when one key checks many signatures, as an owner key does for a channel's
 * posts), so a member key checked only in a batch is decoded once.
 */
public final class Ed25519PublicKey {
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private final Ed25519Batch.Point point;

  /** Bouncy Castle's decoding of {@link #bytes}, made on the first check alone. */
  private volatile Ed25519.PublicPoint bcPoint;

  private Ed25519PublicKey(byte[] bytes, Ed25519Batch.Point point) {
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
    // Partial validation, as Bouncy Castle's validatePublicKeyPartial: a canonical encoding of a
    // curve point that is not one of the eight small-order points (those would let anyone forge
    // "signatures" for the key). The full prime-order-subgroup check costs 4x as much and adds
    // nothing for our use: a mixed-order key cannot make anyone but its holder's signatures verify.
    // Ed25519PublicKeyTest pins the agreement with Bouncy Castle.
    Ed25519Batch.Point point = Ed25519Batch.decode(copy, 0);
    if (point == null || point.hasSmallOrder()) {
      throw new CryptoException("not a valid Ed25519 public key");
    }
    return new Ed25519PublicKey(copy, point);
  }

  /** True if {@code signature} is a valid Ed25519 signature of {@code message} by this key. */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature, 0, bcPoint(), message, 0, message.length);
  }

  private Ed25519.PublicPoint bcPoint() {
    Ed25519.PublicPoint p = bcPoint;
    if (p == null) {
      p = Ed25519.validatePublicKeyPartialExport(bytes, 0);
      if (p == null) {
        throw new IllegalStateException("a key this class accepted was refused by Bouncy Castle");
      }
      bcPoint = p;
    }
    return p;
  }

  /** The decoded point, for {@link Ed25519Batch}; not to be changed. */
  Ed25519Batch.Point point() {
    return point;
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
