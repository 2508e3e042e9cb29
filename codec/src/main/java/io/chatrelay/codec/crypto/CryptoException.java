package io.chatrelay.codec.crypto;

/** A cryptographic check failed: a secretbox that does not open, a key that is not valid. */
public final class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CryptoException(String message) {
    super(message);
  }
}
