package io.chatrelay.codec.linkdata;

import java.util.Objects;

/**
 * Short-link data that does not decrypt, decode or verify (the failures of simplexmq {@code
 * decryptLinkData} and {@code validateLinkOwners}). {@link #failure()} says which check failed; the
 * message says where, with simplexmq's wording where it has one.
 */
public final class LinkDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which check failed, in the order {@link LinkDataCipher#decrypt} makes them. */
  public enum Failure {
    /**
     * The bytes do not decode: encrypted data shorter than its nonce, a signed blob without a
     * 64-byte signature, fixed or user data that does not parse, or data of the other connection
     * mode (simplexmq {@code A_MESSAGE}).
     */
    MALFORMED,
    /** The secretbox does not open: wrong key or altered ciphertext ({@code DECRYPT_CB}). */
    DECRYPTION_FAILED,
    /**
     * The opened box is not padded data: shorter than its 2-byte length, or a length beyond the
     * rest ({@code CryptoInvalidMsgError}).
     */
    BAD_PADDING,
    /** The fixed data does not hash to the link key ({@code "link data hash"}). */
    HASH_MISMATCH,
    /** The fixed data is not signed by its root key ({@code "link data signature"}). */
    BAD_FIXED_SIGNATURE,
    /** The user data is not signed by the root key or an owner ({@code "user data signature"}). */
    BAD_USER_SIGNATURE,
    /** An owner's key is the root key ({@code "owner key for ID … matches root key"}). */
    OWNER_IS_ROOT,
    /** An owner repeats an earlier owner's id or key ({@code "duplicate owner key or ID …"}). */
    DUPLICATE_OWNER,
    /**
     * An owner is authorised neither by the root key nor by an earlier owner ({@code "invalid
     * authorization of owner ID …"}).
     */
    UNAUTHORISED_OWNER;

    /** True for the failures of the owner list ({@link OwnerAuth#validateLinkOwners}). */
    public boolean isOwnerFailure() {
      return this == OWNER_IS_ROOT || this == DUPLICATE_OWNER || this == UNAUTHORISED_OWNER;
    }
  }

  private final Failure failure;

  public LinkDataException(Failure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public LinkDataException(Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public Failure failure() {
    return failure;
  }
}
