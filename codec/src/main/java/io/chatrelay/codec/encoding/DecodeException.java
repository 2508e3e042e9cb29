package io.chatrelay.codec.encoding;

import java.util.Objects;

/**
 * Input that cannot be decoded: truncated, over a limit, malformed or of an unknown kind.
 *
 * <p>Decoders never return null and never close anything; they return a value or throw this
 * exception, whose {@link #reason()} says what kind of failure it was and whose message says where.
 * Unchecked so that it travels through reactive pipelines as an error signal.
 */
public final class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of input failure this is. */
  public enum Reason {
    /** The input ended before the value did. */
    TRUNCATED,
    /** Bytes or characters were left after a complete value. */
    TRAILING_DATA,
    /** A length, count or size exceeds its limit. */
    OVER_LIMIT,
    /** A value is outside its domain (bad tag letter, bad port, inverted range...). */
    INVALID_VALUE,
    /** A message, link or record type that this version does not know. */
    UNKNOWN_TYPE,
    /** Base64 or percent-encoding that does not decode. */
    BAD_ENCODING,
    /** A key that is not a valid key of its kind. */
    BAD_KEY,
    /** A protocol version outside the supported range. */
    UNSUPPORTED_VERSION,
    /** A required field or parameter is absent. */
    MISSING_FIELD
  }

  private final Reason reason;

  public DecodeException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public DecodeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  public static DecodeException truncated(String what) {
    return new DecodeException(Reason.TRUNCATED, "truncated: " + what);
  }

  public static DecodeException invalid(String message) {
    return new DecodeException(Reason.INVALID_VALUE, message);
  }

  public static DecodeException overLimit(String message) {
    return new DecodeException(Reason.OVER_LIMIT, message);
  }

  public static DecodeException badEncoding(String message) {
    return new DecodeException(Reason.BAD_ENCODING, message);
  }

  public static DecodeException badKey(String message) {
    return new DecodeException(Reason.BAD_KEY, message);
  }

  public static DecodeException unknownType(String message) {
    return new DecodeException(Reason.UNKNOWN_TYPE, message);
  }

  public static DecodeException missing(String message) {
    return new DecodeException(Reason.MISSING_FIELD, message);
  }

  public static DecodeException trailing(String message) {
    return new DecodeException(Reason.TRAILING_DATA, message);
  }
}
