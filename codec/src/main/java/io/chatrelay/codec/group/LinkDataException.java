package io.chatrelay.codec.group;

import java.util.Objects;

/**
 * Link data, a post or a command that fails verification. {@link #failure()} says how; callers show
 * it, count it, and keep nothing of what failed.
 */
public final class LinkDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How verification failed. */
  public enum Failure {
    /** The fixed data does not hash to the link key the link carries. */
    HASH_MISMATCH,
    /** A signature does not verify with the key it names. */
    BAD_SIGNATURE,
    /** The signer is neither the root key nor an owner authorised in the owner chain. */
    UNAUTHORISED_SIGNER,
    /** The owner chain is malformed: an owner equal to the root, a repeat, a bad authoriser. */
    INVALID_OWNER_CHAIN,
    /** The data is not newer than data already accepted (a relay rolling it back). */
    ROLLBACK,
    /** The bytes do not decode. */
    MALFORMED
  }

  private final Failure failure;

  public LinkDataException(Failure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure);
  }

  public LinkDataException(Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure);
  }

  public Failure failure() {
    return failure;
  }
}
