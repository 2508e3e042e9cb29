package io.chatrelay.client.state;

/**
 * The client's local state cannot be read or written, or a request names something it does not hold
 * (an unknown group, a relay not configured). The message is one line meant for the user.
 */
public final class StateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
