package io.chatrelay.codec.encoding;

/**
 * A value that cannot be encoded: a string or list longer than its length prefix can express.
 *
 * <p>SimpleX's Haskell encoder silently wraps over-long lengths modulo 256; ours refuses, so that
 * no encoder ever produces bytes that decode to a different value.
 */
public final class EncodeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public EncodeException(String message) {
    super(message);
  }
}
