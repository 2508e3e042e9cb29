package io.chatrelay.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.chatrelay.server.config.LogLevel;
import io.chatrelay.server.config.RelayConfig;
import io.chatrelay.server.config.TlsMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The relay process command line: {@code relay-server [--host H] [--port N] [--data-dir DIR]
 * [--db-url URL] [--config FILE] [--log-level LEVEL]}. Prints {@code relay address: LINK} and a QR
 * code of it, then serves until stopped (SIGTERM or Ctrl-C shut it down gracefully).
 */
@Command(
    name = "relay-server",
    mixinStandardHelpOptions = true,
    version = "relay-server " + RelayServer.VERSION,
    description = "Runs a chat relay for large groups and channels.")
public final class RelayServerCommand implements Callable<Integer> {

  @Option(names = "--host", description = "Address to listen on (default: 0.0.0.0).")
  String host;

  @Option(names = "--port", description = "Port for HTTP and WebSocket (default: 5224).")
  Integer port;

  @Option(names = "--data-dir", description = "Directory for the embedded store (default: ./data).")
  Path dataDir;

  @Option(
      names = "--db-url",
      description =
          "PostgreSQL URL, e.g. postgresql://user@host:5432/db (or env RELAY_DB_URL);"
              + " without it an embedded PostgreSQL runs under the data directory.")
  String dbUrl;

  @Option(
      names = "--config",
      description = "Configuration file (properties; see docs/operations.md).")
  Path config;

  @Option(
      names = "--public-host",
      description = "Host name clients use to reach this relay (repeatable; default: localhost).")
  List<String> publicHosts;

  @Option(
      names = "--tls",
      description = "direct (TLS at the relay, default) or plain (behind a TLS reverse proxy).")
  String tls;

  @Option(names = "--no-qr", description = "Do not print the QR code of the relay address.")
  boolean noQr;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      converter = LogLevelConverter.class,
      description =
          "trace, debug, info, warn or error: how much the relay logs (or env RELAY_LOG_LEVEL,"
              + " or log.level in the configuration; default: info).")
  LogLevel logLevel;

  /** Turns a bad {@code --log-level} into a usage error (exit code 2) naming the option. */
  static final class LogLevelConverter implements CommandLine.ITypeConverter<LogLevel> {
    @Override
    public LogLevel convert(String value) {
      try {
        return LogLevel.parse("--log-level", value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  private final Map<String, String> env;

  public RelayServerCommand() {
    this(System.getenv());
  }

  RelayServerCommand(Map<String, String> env) {
    this.env = env;
  }

  /** The configuration the options describe (file, then environment, then options). */
  RelayConfig configuration() throws Exception {
    RelayConfig c = config != null ? RelayConfig.load(config) : RelayConfig.defaults();
    if (host != null || port != null) {
      c = c.withListen(host != null ? host : c.host(), port != null ? port : c.port());
    }
    if (dataDir != null) {
      c = c.withDataDir(dataDir);
    }
    String url = dbUrl != null ? dbUrl : env.get("RELAY_DB_URL");
    if (url != null && !url.isBlank()) {
      c = c.withDbUrl(Optional.of(url));
    }
    String level = env.get("RELAY_LOG_LEVEL");
    if (logLevel != null) {
      c = c.withLogLevel(logLevel);
    } else if (level != null && !level.isBlank()) {
      c = c.withLogLevel(LogLevel.parse("RELAY_LOG_LEVEL", level));
    }
    if (publicHosts != null && !publicHosts.isEmpty()) {
      c = c.withPublicHosts(publicHosts);
    }
    if (tls != null) {
      c =
          c.withTls(
              switch (tls) {
                case "direct" -> TlsMode.DIRECT;
                case "plain" -> TlsMode.PLAIN;
                default ->
                    throw new CommandLine.ParameterException(
                        new CommandLine(this), "--tls must be direct or plain");
              });
    }
    return c;
  }

  @Override
  public Integer call() throws Exception {
    RelayConfig c = configuration();
    applyLogLevel(c.logLevel());
    RelayServer server = RelayServer.start(c);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "relay-shutdown"));
    System.out.println("relay address: " + server.address());
    if (!noQr) {
      System.out.println(qr(server.address()));
    }
    System.out.println(
        "listening on "
            + c.host()
            + ":"
            + server.port()
            + " ("
            + c.tls().name().toLowerCase()
            + "), info at /info, metrics at /metrics");
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * Sets the level of the relay's own loggers ({@code io.chatrelay}, the store's included);
   * libraries stay at the level logback.xml gives them (warnings and errors).
   */
  static void applyLogLevel(LogLevel level) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.getLogger("io.chatrelay").setLevel(Level.toLevel(level.name()));
    }
  }

  /** The QR code of {@code text} for a terminal: light modules drawn, for dark backgrounds. */
  static String qr(String text) throws WriterException {
    BitMatrix m =
        new QRCodeWriter()
            .encode(
                text,
                BarcodeFormat.QR_CODE,
                0,
                0,
                Map.of(
                    EncodeHintType.MARGIN,
                    2,
                    EncodeHintType.ERROR_CORRECTION,
                    ErrorCorrectionLevel.L));
    return m.toString("  ", "\u2588\u2588");
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new RelayServerCommand());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("relay-server: " + e.getMessage());
          return 1;
        });
    System.exit(cli.execute(args));
  }
}
