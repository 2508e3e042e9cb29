package io.chatrelay.codec.version;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;

/**
 * An inclusive range of protocol versions, each a Word16 (simplexmq {@code VersionRange}).
 *
 * <p>String form: {@code "3"} when {@code min == max}, otherwise {@code "min-max"}; both forms are
 * read, including {@code "3-3"}. Binary form: two big-endian Word16, min then max. Invariant:
 * {@code 0 <= min <= max <= 65535}.
 *
 * @param min the lowest version
 * @param max the highest version
 */
public record VersionRange(int min, int max) {
  /** Longest decimal string of a version we read (65535 has 5 digits). */
  private static final int MAX_DIGITS = 5;

  /**
   * @throws IllegalArgumentException if a version is outside Word16 or the range is inverted
   */
  public VersionRange {
    if (min < 0 || max > 0xFFFF || min > max) {
      throw new IllegalArgumentException("invalid version range " + min + "-" + max);
    }
  }

  public static VersionRange of(int version) {
    return new VersionRange(version, version);
  }

  public boolean contains(int version) {
    return min <= version && version <= max;
  }

  /** The highest version in both ranges, or -1 if they do not overlap (version negotiation). */
  public int highestCommon(VersionRange other) {
    int hi = Math.min(max, other.max);
    return hi >= Math.max(min, other.min) ? hi : -1;
  }

  /** SimpleX's {@code strEncode}: {@code "v"} or {@code "min-max"}. */
  public String print() {
    return min == max ? Integer.toString(min) : min + "-" + max;
  }

  @Override
  public String toString() {
    return print();
  }

  /**
   * Parses {@code "v"} or {@code "min-max"} (decimal, no sign, no spaces).
   *
   * @throws DecodeException INVALID_VALUE for an inverted range or a malformed number, OVER_LIMIT
   *     for a version above 65535
   */
  public static VersionRange parse(String s) {
    int dash = s.indexOf('-');
    int lo = parseVersion(dash < 0 ? s : s.substring(0, dash), s);
    int hi = dash < 0 ? lo : parseVersion(s.substring(dash + 1), s);
    if (lo > hi) {
      throw DecodeException.invalid("inverted version range '" + s + "'");
    }
    return new VersionRange(lo, hi);
  }

  private static int parseVersion(String digits, String whole) {
    if (digits.isEmpty() || digits.length() > MAX_DIGITS + 10) {
      throw DecodeException.invalid("malformed version range '" + whole + "'");
    }
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw DecodeException.invalid("malformed version range '" + whole + "'");
      }
      v = v * 10 + (c - '0');
    }
    if (v > 0xFFFF) {
      throw DecodeException.overLimit("version " + digits + " exceeds 65535");
    }
    return (int) v;
  }

  public void encode(BinaryWriter w) {
    w.writeWord16(min).writeWord16(max);
  }

  /**
   * @throws DecodeException TRUNCATED, or INVALID_VALUE for an inverted range
   */
  public static VersionRange decode(BinaryReader r) {
    int lo = r.readWord16();
    int hi = r.readWord16();
    if (lo > hi) {
      throw DecodeException.invalid("inverted version range " + lo + "-" + hi);
    }
    return new VersionRange(lo, hi);
  }
}
