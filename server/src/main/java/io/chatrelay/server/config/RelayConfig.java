package io.chatrelay.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's configuration: listening address, public address (what the relay address link names),
 * store, TLS, limits, admission policy and log level.
 *
 * <p>Read from a properties file ({@code --config}), overridden by the {@code RELAY_DB_URL} and
 * {@code RELAY_LOG_LEVEL} environment variables, then by command-line options. Every key is in
 * {@code docs/operations.md}.
 */
public record RelayConfig(
    String host,
    int port,
    List<String> publicHosts,
    int publicPort,
    Path dataDir,
    Optional<String> dbUrl,
    TlsMode tls,
    Optional<Integer> adminPort,
    String name,
    String description,
    Limits limits,
    AdmissionPolicy admission,
    Retention retention,
    Cluster cluster,
    Duration shutdownGrace,
    LogLevel logLevel) {
  private static final Logger log = LoggerFactory.getLogger(RelayConfig.class);

  public RelayConfig {
    if (port < 0 || port > 65535 || publicPort < 0 || publicPort > 65535) {
      throw new IllegalArgumentException("port outside 0..65535");
    }
    if (publicHosts.isEmpty()) {
      throw new IllegalArgumentException("at least one public host is required");
    }
    publicHosts = List.copyOf(publicHosts);
  }

  /** Defaults for a relay on this machine: port 5224, TLS at the relay, data under ./data. */
  public static RelayConfig defaults() {
    return new RelayConfig(
        "0.0.0.0",
        5224,
        List.of("localhost"),
        0,
        Path.of("data"),
        Optional.empty(),
        TlsMode.DIRECT,
        Optional.empty(),
        "chat relay",
        "A relay for large groups and channels.",
        Limits.defaults(),
        AdmissionPolicy.acceptAll(),
        Retention.defaults(),
        Cluster.single(),
        Duration.ofSeconds(10),
        LogLevel.INFO);
  }

  /** The port the relay address names: the public port if set, else the listening port. */
  public int advertisedPort() {
    return publicPort != 0 ? publicPort : port;
  }

  public RelayConfig withListen(String newHost, int newPort) {
    Builder b = new Builder(this);
    b.host = newHost;
    b.port = newPort;
    return b.build();
  }

  public RelayConfig withDataDir(Path dir) {
    Builder b = new Builder(this);
    b.dataDir = dir;
    return b.build();
  }

  public RelayConfig withDbUrl(Optional<String> url) {
    Builder b = new Builder(this);
    b.dbUrl = url;
    return b.build();
  }

  public RelayConfig withTls(TlsMode mode) {
    Builder b = new Builder(this);
    b.tls = mode;
    return b.build();
  }

  public RelayConfig withPublicHosts(List<String> hosts) {
    Builder b = new Builder(this);
    b.publicHosts = hosts;
    return b.build();
  }

  public RelayConfig withPublicPort(int newPublicPort) {
    Builder b = new Builder(this);
    b.publicPort = newPublicPort;
    return b.build();
  }

  public RelayConfig withLimits(Limits newLimits) {
    Builder b = new Builder(this);
    b.limits = newLimits;
    return b.build();
  }

  public RelayConfig withCluster(Cluster c) {
    Builder b = new Builder(this);
    b.cluster = c;
    return b.build();
  }

  public RelayConfig withRetention(Retention r) {
    Builder b = new Builder(this);
    b.retention = r;
    return b.build();
  }

  public RelayConfig withAdmission(AdmissionPolicy policy) {
    Builder b = new Builder(this);
    b.admission = policy;
    return b.build();
  }

  public RelayConfig withLogLevel(LogLevel level) {
    Builder b = new Builder(this);
    b.logLevel = level;
    return b.build();
  }

  /** A copy to change one or two settings of (the record's canonical constructor checks it). */
  private static final class Builder {
    String host;
    int port;
    List<String> publicHosts;
    int publicPort;
    Path dataDir;
    Optional<String> dbUrl;
    TlsMode tls;
    Optional<Integer> adminPort;
    String name;
    String description;
    Limits limits;
    AdmissionPolicy admission;
    Retention retention;
    Cluster cluster;
    Duration shutdownGrace;
    LogLevel logLevel;

    Builder(RelayConfig c) {
      host = c.host;
      port = c.port;
      publicHosts = c.publicHosts;
      publicPort = c.publicPort;
      dataDir = c.dataDir;
      dbUrl = c.dbUrl;
      tls = c.tls;
      adminPort = c.adminPort;
      name = c.name;
      description = c.description;
      limits = c.limits;
      admission = c.admission;
      retention = c.retention;
      cluster = c.cluster;
      shutdownGrace = c.shutdownGrace;
      logLevel = c.logLevel;
    }

    RelayConfig build() {
      return new RelayConfig(
          host,
          port,
          publicHosts,
          publicPort,
          dataDir,
          dbUrl,
          tls,
          adminPort,
          name,
          description,
          limits,
          admission,
          retention,
          cluster,
          shutdownGrace,
          logLevel);
    }
  }

  /**
   * Reads a properties file over the defaults; logs a warning for each key it does not know.
   *
   * @throws IllegalArgumentException naming the key of a malformed value
   */
  public static RelayConfig load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    for (String key : unknownKeys(p)) {
      log.warn("{}: unknown key {} ignored", file, key);
    }
    return fromProperties(p);
  }

  public static RelayConfig fromProperties(Properties p) {
    RelayConfig d = defaults();
    Limits l = d.limits();
    Limits limits =
        new Limits(
            integer(p, "limits.max-frame-bytes", l.maxFrameBytes()),
            integer(p, "limits.max-connections", l.maxConnections()),
            integer(p, "limits.max-connections-per-address", l.maxConnectionsPerAddress()),
            integer(
                p, "limits.max-subscriptions-per-connection", l.maxSubscriptionsPerConnection()),
            integer(p, "limits.outbound-buffer-frames", l.outboundBufferFrames()),
            integer(p, "limits.join-queue-per-group", l.joinQueuePerGroup()),
            integer(p, "limits.posts-per-second-per-group", l.postsPerSecondPerGroup()),
            integer(p, "limits.joins-per-second-per-group", l.joinsPerSecondPerGroup()),
            integer(p, "limits.max-groups", l.maxGroups()),
            integer(p, "limits.pipelined-requests", l.pipelinedRequests()),
            Duration.ofMillis(
                integer(p, "limits.handshake-timeout-ms", (int) l.handshakeTimeout().toMillis())),
            Duration.ofMillis(
                integer(p, "limits.idle-timeout-ms", (int) l.idleTimeout().toMillis())));
    String allow = p.getProperty("admission.allow-list");
    Set<String> allowList = null;
    if (allow != null) {
      allowList = new HashSet<>(list(allow));
    }
    AdmissionPolicy admission =
        new AdmissionPolicy(allowList, list(p.getProperty("admission.refused-words", "")));
    String admin = p.getProperty("metrics.admin-port");
    String tls = p.getProperty("relay.tls", "direct");
    TlsMode mode =
        switch (tls.strip().toLowerCase(java.util.Locale.ROOT)) {
          case "direct" -> TlsMode.DIRECT;
          case "plain", "proxy" -> TlsMode.PLAIN;
          default -> throw new IllegalArgumentException("relay.tls must be direct or plain");
        };
    return new RelayConfig(
        p.getProperty("relay.host", d.host()),
        integer(p, "relay.port", d.port()),
        p.containsKey("relay.public-hosts")
            ? list(p.getProperty("relay.public-hosts"))
            : d.publicHosts(),
        integer(p, "relay.public-port", 0),
        Path.of(p.getProperty("relay.data-dir", d.dataDir().toString())),
        Optional.ofNullable(p.getProperty("store.db-url")).filter(s -> !s.isBlank()),
        mode,
        admin == null ? Optional.empty() : Optional.of(parseInt("metrics.admin-port", admin)),
        p.getProperty("relay.name", d.name()),
        p.getProperty("relay.description", d.description()),
        limits,
        admission,
        new Retention(
            longValue(p, "retention.max-posts-per-group", d.retention().maxPostsPerGroup()),
            Duration.ofHours(
                longValue(p, "retention.max-age-hours", d.retention().maxAge().toHours())),
            Duration.ofHours(
                longValue(
                    p, "retention.admitted-joins-hours", d.retention().admittedJoins().toHours()))),
        new Cluster(
            p.getProperty("cluster.bus", d.cluster().bus()).strip(),
            p.getProperty("cluster.nats-url", d.cluster().natsUrl()).strip()),
        Duration.ofMillis(
            integer(p, "relay.shutdown-grace-ms", (int) d.shutdownGrace().toMillis())),
        p.containsKey("log.level")
            ? LogLevel.parse("log.level", p.getProperty("log.level"))
            : d.logLevel());
  }

  /** Every key {@link #fromProperties} reads. */
  public static final Set<String> KEYS =
      Set.of(
          "relay.host",
          "relay.port",
          "relay.public-hosts",
          "relay.public-port",
          "relay.tls",
          "relay.data-dir",
          "relay.name",
          "relay.description",
          "relay.shutdown-grace-ms",
          "store.db-url",
          "metrics.admin-port",
          "log.level",
          "limits.max-frame-bytes",
          "limits.max-connections",
          "limits.max-connections-per-address",
          "limits.max-subscriptions-per-connection",
          "limits.outbound-buffer-frames",
          "limits.join-queue-per-group",
          "limits.posts-per-second-per-group",
          "limits.joins-per-second-per-group",
          "limits.max-groups",
          "limits.pipelined-requests",
          "limits.handshake-timeout-ms",
          "limits.idle-timeout-ms",
          "admission.allow-list",
          "admission.refused-words",
          "retention.max-posts-per-group",
          "retention.max-age-hours",
          "retention.admitted-joins-hours",
          "cluster.bus",
          "cluster.nats-url");

  /**
   * The keys of {@code p} that the relay does not know (a misspelt key is otherwise silently
   * ignored, and its default applies), sorted.
   */
  public static List<String> unknownKeys(Properties p) {
    return p.stringPropertyNames().stream().filter(k -> !KEYS.contains(k)).sorted().toList();
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static long longValue(Properties p, String key, long dflt) {
    String v = p.getProperty(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
    }
  }

  private static int integer(Properties p, String key, int dflt) {
    String v = p.getProperty(key);
    return v == null ? dflt : parseInt(key, v);
  }

  private static int parseInt(String key, String v) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
    }
  }
}
