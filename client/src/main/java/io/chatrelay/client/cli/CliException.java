package io.chatrelay.client.cli;

/** Bad input to a command (exit code 2): the message is the one line shown on stderr. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}
