package io.chatrelay.codec.encoding;

import java.util.Arrays;
import java.util.Base64;

/**
 * An immutable byte string with value equality: ids, nonces, signatures and opaque payloads in
 * protocol records (where a bare {@code byte[]} would compare by reference).
 *
 * <p>{@link #toString()} prints only the length, never the content: some byte strings are secrets
 * or signatures that do not belong in logs.
 */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] value;

  private Bytes(byte[] value) {
    this.value = value;
  }

  /** A copy of {@code value}. */
  public static Bytes of(byte[] value) {
    return value.length == 0 ? EMPTY : new Bytes(value.clone());
  }

  public byte[] toByteArray() {
    return value.clone();
  }

  public int length() {
    return value.length;
  }

  /** base64url without padding, for logs of public ids and for JSON. */
  public String toBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }

  /** Reads a {@code ByteString} of {@code min..max} bytes. */
  public static Bytes read(BinaryReader r, int min, int max, String what) {
    byte[] b = r.readShortBytes(max);
    if (b.length < min) {
      throw DecodeException.invalid(what + " must be " + min + ".." + max + " bytes");
    }
    return new Bytes(b);
  }

  /** Checks the length is within {@code min..max}; returns this. */
  public Bytes requireLength(int min, int max, String what) {
    if (value.length < min || value.length > max) {
      throw DecodeException.invalid(what + " must be " + min + ".." + max + " bytes");
    }
    return this;
  }

  /** Writes as a {@code ByteString}. */
  public void writeShort(BinaryWriter w) {
    w.writeShortBytes(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(value, b.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(value, o.value);
  }

  @Override
  public String toString() {
    return "Bytes[" + value.length + "]";
  }
}
