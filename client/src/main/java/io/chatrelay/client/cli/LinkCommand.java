package io.chatrelay.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code relay-cli link …}: commands about SimpleX and relay links. */
@Command(
    name = "link",
    mixinStandardHelpOptions = true,
    description = "Inspect SimpleX and chat relay links.",
    subcommands = {LinkInspectCommand.class})
public final class LinkCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Exit code for input that is not a valid link. */
  public static final int EXIT_INVALID_LINK = CommandLine.ExitCode.USAGE;
}
