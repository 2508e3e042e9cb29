package io.chatrelay.codec.crypto;

/**
 * One Ed25519 signature to check: {@code signature} by {@code key} over {@code message}. A value to
 * hand to {@link Ed25519Batch#verify}, which checks many at once; {@link #verifyAlone} checks this
 * one by itself.
 *
 * <p>The arrays are not copied: a check is built and consumed by the code that verifies it.
 */
public record SignatureCheck(Ed25519PublicKey key, byte[] message, byte[] signature) {
  public SignatureCheck {
    if (key == null || message == null || signature == null) {
      throw new IllegalArgumentException("key, message and signature are required");
    }
  }

  /** Checks this signature alone: {@link Ed25519PublicKey#verify} (Bouncy Castle). */
  public boolean verifyAlone() {
    return key.verify(message, signature);
  }

  @Override
  public String toString() {
    return "SignatureCheck[" + key + ", " + message.length + " bytes]";
  }
}
