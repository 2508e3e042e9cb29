package io.chatrelay.codec.crypto;

import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An sntrup761 KEM encapsulation (public) key, as SimpleX proposes it in the e2e parameters of an
 * invitation ({@code kem_key}).
 *
 * <p>Invariant: exactly {@value #LENGTH} bytes. Copied in and out; {@link #toString()} prints no
 * key material.
 *
 * @param bytes the raw sntrup761 public key
 */
public record KemPublicKey(byte[] bytes) {
  /** sntrup761 public key length. */
  public static final int LENGTH = 1158;

  /**
   * @throws DecodeException BAD_KEY if the length is not {@value #LENGTH}
   */
  public KemPublicKey {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw DecodeException.badKey(
          "sntrup761 public key must be " + LENGTH + " bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KemPublicKey k && Arrays.equals(k.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "KemPublicKey[sntrup761]";
  }
}
