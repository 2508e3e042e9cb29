package io.chatrelay.store;

import java.util.Optional;

/**
 * The one error type of the store. Every failing {@code Mono}/{@code Flux} of the store API signals
 * a {@code StoreException}; callers switch on {@link #kind()} and decide on a retry by {@link
 * #retryable()}.
 *
 * <p>Retryable failures are those that say nothing about the request itself: the database is
 * unreachable or restarting, a connection dropped, a serialization failure or deadlock, a pool that
 * had no connection in time. A failed transaction changed nothing, with one exception that no
 * database client escapes: a connection lost while COMMIT was under way leaves the outcome unknown.
 * Retrying is still safe where it matters: registration, completion and post appends are idempotent
 * (the same group, member or post id is not stored twice); a retried enqueue may queue a second
 * join for the same member key, which completion admits as the same member; a retried service log
 * append may record the entry twice.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, by what the caller should do about it. */
  public enum Kind {
    /** The request is malformed (lengths, ranges, nulls); nothing was changed. */
    INVALID_ARGUMENT(false),
    /** The named group, member or identity does not exist. */
    NOT_FOUND(false),
    /** The request contradicts what is stored (another group owns the link key, ...). */
    CONFLICT(false),
    /** A link data update whose version is not greater than the stored one. */
    STALE_VERSION(false),
    /** The group's state forbids the operation (for example posting to a removed group). */
    GROUP_NOT_ACTIVE(false),
    /** The database cannot be reached or the connection broke; retry later. */
    UNAVAILABLE(true),
    /** A serialization failure, deadlock or lock timeout; retry the whole operation. */
    TRANSIENT(true),
    /** Anything else: a bug or a misconfigured database. */
    INTERNAL(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    /** Whether failures of this kind are worth retrying unchanged. */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final String sqlState;

  public StoreException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public StoreException(Kind kind, String message, String sqlState, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.sqlState = sqlState;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether retrying the same operation later may succeed. */
  public boolean retryable() {
    return kind.retryable();
  }

  /** The PostgreSQL SQLSTATE behind this error, when there was one. */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }

  public static StoreException invalid(String message) {
    return new StoreException(Kind.INVALID_ARGUMENT, message);
  }

  public static StoreException notFound(String message) {
    return new StoreException(Kind.NOT_FOUND, message);
  }

  public static StoreException conflict(String message) {
    return new StoreException(Kind.CONFLICT, message);
  }

  @Override
  public String toString() {
    return "StoreException["
        + kind
        + (sqlState == null ? "" : " " + sqlState)
        + "]: "
        + getMessage();
  }
}
