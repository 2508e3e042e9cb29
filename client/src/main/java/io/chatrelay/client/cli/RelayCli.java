package io.chatrelay.client.cli;

import io.chatrelay.client.group.ClientContext;
import io.chatrelay.client.state.ClientHome;
import io.chatrelay.client.transport.ConnectOptions;
import io.chatrelay.codec.link.SmpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Hooks;

/**
 * The owner and member command line: {@code relay-cli [--home DIR] [--plain] [--socks-proxy
 * HOST:PORT] COMMAND}.
 *
 * <p>Results go to stdout; errors are one line on stderr with a non-zero exit code (1 for a failed
 * operation, 2 for bad input), never a stack trace. Logs go to stderr at WARN.
 */
@Command(
    name = "relay-cli",
    mixinStandardHelpOptions = true,
    version = "relay-cli 0.1.0",
    description = "Owner and member client for chat relays.",
    subcommands = {
      LinkCommand.class,
      RelaysCommand.class,
      ChannelCommand.class,
      PostCommand.class,
      JoinCommand.class,
      ReadCommand.class,
      TamperProxyCommand.class
    })
public final class RelayCli implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description =
          "State directory: keys, relays, groups, read positions (default: ~/.chat-relay).")
  Path home;

  @Option(
      names = "--plain",
      description =
          "Connect with plain WebSocket (ws://) instead of TLS: for relays run with --tls plain on"
              + " loopback, as in the demo. The handshake still proves each relay's identity."
              + " Also set by RELAY_CLI_PLAIN=true.",
      defaultValue = "${env:RELAY_CLI_PLAIN:-false}")
  boolean plain;

  @Option(
      names = "--socks-proxy",
      paramLabel = "HOST:PORT",
      description =
          "Connect to relays through this SOCKS5 proxy (e.g. Tor at 127.0.0.1:9050), so relays"
              + " cannot link your groups by network address. Also set by RELAY_CLI_SOCKS_PROXY.",
      defaultValue = "${env:RELAY_CLI_SOCKS_PROXY}")
  String socksProxy;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Time to wait for a relay's answer (default: 30).",
      defaultValue = "30")
  int timeoutSeconds;

  private BufferedReader input;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where interactive confirmations are read from (stdin unless replaced, e.g. by tests). */
  public RelayCli withInput(Reader in) {
    this.input = new BufferedReader(in);
    return this;
  }

  BufferedReader input() {
    if (input == null) {
      input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    return input;
  }

  ClientHome openHome() {
    return ClientHome.open(home != null ? home : ClientHome.defaultDirectory());
  }

  ConnectOptions connectOptions() {
    if (timeoutSeconds < 1) {
      throw new CliException("--timeout must be at least 1 second");
    }
    ConnectOptions o =
        ConnectOptions.defaults()
            .withPlain(plain)
            .withRequestTimeout(Duration.ofSeconds(timeoutSeconds));
    if (socksProxy != null && !socksProxy.isBlank()) {
      o = o.withSocksProxy(Optional.of(socksAddress(socksProxy)));
    }
    return o;
  }

  ClientContext context() {
    return new ClientContext(openHome(), connectOptions(), new SecureRandom(), Clock.systemUTC());
  }

  static InetSocketAddress socksAddress(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) {
      throw new CliException("--socks-proxy must be HOST:PORT, got '" + s + "'");
    }
    try {
      int port = SmpServer.parsePort(s.substring(colon + 1));
      return InetSocketAddress.createUnresolved(s.substring(0, colon), port);
    } catch (RuntimeException e) {
      throw new CliException("--socks-proxy must be HOST:PORT, got '" + s + "'");
    }
  }

  /** The command line with this CLI's error handling: one line on stderr, no stack trace. */
  public static CommandLine commandLine(RelayCli cli) {
    // An error after a relay's connection was already given up must not print a stack trace.
    Hooks.onErrorDropped(e -> {});
    CommandLine cl = new CommandLine(cli);
    // Keys are base64url and may start with '-': such an argument is a value, not an option.
    cl.setUnmatchedOptionsArePositionalParams(true);
    cl.setExecutionExceptionHandler(new Errors());
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine cmd = ex.getCommandLine();
          cmd.getErr()
              .println(
                  "relay-cli: "
                      + Errors.oneLine(ex.getMessage())
                      + " (see: "
                      + cmd.getCommandSpec().qualifiedName()
                      + " --help)");
          cmd.getErr().flush();
          return CommandLine.ExitCode.USAGE;
        });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new RelayCli()).execute(args));
  }
}
