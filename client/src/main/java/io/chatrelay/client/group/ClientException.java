package io.chatrelay.client.group;

/**
 * An operation the client refuses (bad input, not an owner, unknown group) or that no relay carried
 * out. Nothing was changed locally when it is thrown. The message is one line for the user.
 */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClientException(String message) {
    super(message);
  }
}
