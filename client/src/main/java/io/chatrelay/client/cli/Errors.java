package io.chatrelay.client.cli;

import io.chatrelay.client.group.ClientException;
import io.chatrelay.client.group.RelayFailure;
import io.chatrelay.client.state.StateException;
import io.chatrelay.client.transport.RelayException;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.group.LinkDataException;
import picocli.CommandLine;

/**
 * Turns any failure of a command into one line on stderr and an exit code: 2 for bad input (an
 * invalid link or argument), 1 for an operation that failed.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
  static final int FAILED = 1;
  static final int BAD_INPUT = CommandLine.ExitCode.USAGE;

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
    Throwable e = ex;
    while (e.getCause() != null
        && !(e instanceof CliException
            || e instanceof ClientException
            || e instanceof StateException
            || e instanceof RelayException
            || e instanceof DecodeException
            || e instanceof LinkDataException)
        && e.getClass().getName().startsWith("reactor.")) {
      e = e.getCause();
    }
    String line;
    int code;
    if (e instanceof CliException) {
      line = e.getMessage();
      code = BAD_INPUT;
    } else if (e instanceof DecodeException d) {
      line = "invalid input (" + d.reason() + "): " + e.getMessage();
      code = BAD_INPUT;
    } else if (e instanceof ClientException || e instanceof StateException) {
      line = e.getMessage();
      code = FAILED;
    } else if (e instanceof RelayException || e instanceof LinkDataException) {
      line = RelayFailure.describe(e);
      code = FAILED;
    } else {
      line = "unexpected error: " + e;
      code = FAILED;
    }
    cmd.getErr().println("relay-cli: " + oneLine(line));
    cmd.getErr().flush();
    return code;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
