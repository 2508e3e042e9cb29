package io.chatrelay.client.transport;

import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.ErrorMessage;

/**
 * A relay answered a request with {@code ERR}, or the connection failed. {@link #code()} is the
 * protocol error code ({@link ErrorCode#UNKNOWN} for transport failures); {@link #retryAfterMs()}
 * is positive when the relay asks the client to try again later.
 */
public final class RelayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final long retryAfterMs;

  public RelayException(ErrorCode code, long retryAfterMs, String message) {
    super(message);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  public RelayException(String message, Throwable cause) {
    super(message, cause);
    this.code = ErrorCode.UNKNOWN;
    this.retryAfterMs = 0;
  }

  public static RelayException of(ErrorMessage err) {
    return new RelayException(err.code(), err.retryAfterMs(), err.codeName() + ": " + err.text());
  }

  public ErrorCode code() {
    return code;
  }

  public long retryAfterMs() {
    return retryAfterMs;
  }

  public boolean retryable() {
    return retryAfterMs > 0;
  }
}
