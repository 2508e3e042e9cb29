package io.chatrelay.client.cli;

import io.chatrelay.client.demo.TamperProxy;
import io.chatrelay.codec.link.SmpServer;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code relay-cli demo-tamper-proxy}: <b>a demo and test tool</b> that plays a tampering relay
 * (see {@link TamperProxy}). Runs until stopped.
 */
@Command(
    name = "demo-tamper-proxy",
    mixinStandardHelpOptions = true,
    description =
        "DEMO/TEST TOOL: a man-in-the-middle proxy in front of a plain-WebSocket relay that"
            + " rewrites delivered posts (--mode post) or served link data (--mode linkdata),"
            + " keeping the signatures, to show that members reject what a relay alters.")
final class TamperProxyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--listen", required = true, paramLabel = "PORT")
  int listen;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "The relay.")
  String to;

  @Option(
      names = "--mode",
      required = true,
      paramLabel = "post|linkdata|none",
      description = "What to rewrite; none forwards everything unchanged (an honest relay).")
  String mode;

  @Override
  public Integer call() {
    TamperProxy.Mode m;
    try {
      m = TamperProxy.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException("--mode must be post, linkdata or none");
    }
    int colon = to.lastIndexOf(':');
    if (colon <= 0) {
      throw new CliException("--to must be HOST:PORT");
    }
    int port;
    try {
      port = SmpServer.parsePort(to.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new CliException("--to must be HOST:PORT");
    }
    TamperProxy proxy = TamperProxy.start(host, listen, to.substring(0, colon), port, m);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "tamper proxy (demo/test tool) on "
            + host
            + ":"
            + proxy.port()
            + " -> "
            + to
            + (m == TamperProxy.Mode.NONE
                ? ", forwarding unchanged"
                : ", rewriting " + m.name().toLowerCase(Locale.ROOT)));
    out.flush();
    proxy.onDispose().block();
    return 0;
  }
}
