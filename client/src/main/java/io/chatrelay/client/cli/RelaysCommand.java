package io.chatrelay.client.cli;

import io.chatrelay.client.group.RelayNames;
import io.chatrelay.client.state.ClientHome;
import io.chatrelay.codec.link.RelayShortLink;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code relay-cli relays add|list|remove}: the relays this user creates channels on. */
@Command(
    name = "relays",
    mixinStandardHelpOptions = true,
    description = "Manage the relays you use for your channels and groups.",
    subcommands = {
      RelaysCommand.Add.class,
      RelaysCommand.ListRelays.class,
      RelaysCommand.Remove.class
    })
final class RelaysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code relays add LINK}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add a relay address (https://host/r#…) to your configuration.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "LINK", description = "The relay's address.")
    String link;

    @Override
    public Integer call() {
      RelayShortLink r = Args.relayAddress(link);
      ClientHome home = Args.root(spec).openHome();
      PrintWriter out = spec.commandLine().getOut();
      if (home.addRelay(r)) {
        out.println("added relay " + RelayNames.of(r.server()));
      } else {
        out.println("relay " + RelayNames.of(r.server()) + " is already configured");
      }
      out.flush();
      return 0;
    }
  }

  /** {@code relays list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the configured relays' addresses, one per line.")
  static final class ListRelays implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Args.root(spec).openHome().relays().forEach(out::println);
      out.flush();
      return 0;
    }
  }

  /** {@code relays remove LINK}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description =
          "Remove a relay from your configuration (groups already on it keep it: see `channel"
              + " relays remove`).")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "LINK", description = "The relay's address or its host:port.")
    String link;

    @Override
    public Integer call() {
      ClientHome home = Args.root(spec).openHome();
      RelayShortLink r = Args.relay(home, link);
      if (!home.removeRelay(r)) {
        throw new CliException("relay " + RelayNames.of(r.server()) + " is not configured");
      }
      spec.commandLine().getOut().println("removed relay " + RelayNames.of(r.server()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
