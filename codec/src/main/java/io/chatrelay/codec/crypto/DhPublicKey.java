package io.chatrelay.codec.crypto;

import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Diffie-Hellman public key in the DER (SubjectPublicKeyInfo) form SimpleX puts in links and
 * binary encodings.
 *
 * <p>Invariant: {@code der} is exactly the algorithm's 12-byte header followed by the raw key
 * ({@link DhAlgorithm#derLength()} bytes). The array is copied in and out. {@link #toString()}
 * names the algorithm only.
 *
 * @param algorithm X25519 or X448
 * @param der the DER encoding
 */
public record DhPublicKey(DhAlgorithm algorithm, byte[] der) {
  /**
   * @throws DecodeException BAD_KEY if {@code der} is not a valid DER key of {@code algorithm}
   */
  public DhPublicKey {
    Objects.requireNonNull(algorithm, "algorithm");
    der = check(algorithm, Objects.requireNonNull(der, "der")).clone();
  }

  private static byte[] check(DhAlgorithm algorithm, byte[] der) {
    if (der.length != algorithm.derLength()) {
      throw DecodeException.badKey(
          algorithm
              + " public key must be "
              + algorithm.derLength()
              + " DER bytes, got "
              + der.length);
    }
    if (!algorithm.hasHeader(der)) {
      throw DecodeException.badKey(algorithm + " public key has a wrong DER header");
    }
    return der;
  }

  /** Wraps a raw key (32 bytes for X25519, 56 for X448) in its DER header. */
  public static DhPublicKey fromRaw(DhAlgorithm algorithm, byte[] raw) {
    if (raw.length != algorithm.rawLength()) {
      throw DecodeException.badKey(
          algorithm + " raw key must be " + algorithm.rawLength() + " bytes, got " + raw.length);
    }
    byte[] header = algorithm.header();
    byte[] der = Arrays.copyOf(header, header.length + raw.length);
    System.arraycopy(raw, 0, der, header.length, raw.length);
    return new DhPublicKey(algorithm, der);
  }

  /**
   * Parses the padded base64url of a DER key, as SimpleX's {@code strEncode} of a public key.
   *
   * @throws DecodeException BAD_ENCODING for bad base64url, BAD_KEY for a wrong key
   */
  public static DhPublicKey parse(DhAlgorithm algorithm, String base64url, String what) {
    return new DhPublicKey(algorithm, Base64Url.decode(base64url, what));
  }

  @Override
  public byte[] der() {
    return der.clone();
  }

  /** The key without its DER header. */
  public byte[] raw() {
    return Arrays.copyOfRange(der, der.length - algorithm.rawLength(), der.length);
  }

  /** Padded base64url of the DER bytes. */
  public String print() {
    return Base64Url.encodePadded(der);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DhPublicKey k && k.algorithm == algorithm && Arrays.equals(k.der, der);
  }

  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "DhPublicKey[" + algorithm + "]";
  }
}
