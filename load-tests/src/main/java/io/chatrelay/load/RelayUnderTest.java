package io.chatrelay.load;

import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.SmpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One or more relay processes started from {@code relay-server.jar} on a clean store, as an
 * operator runs them: the embedded PostgreSQL in a fresh data directory, or a fresh database
 * created on the PostgreSQL server a {@code --db-url} names (dropped again by {@link #close()}).
 * Several instances share that database and a cluster bus.
 *
 * <p>Limits that would throttle a benchmark (connections per address, posts per second, idle
 * timeout) are raised; everything else keeps the relay's defaults.
 */
public final class RelayUnderTest implements AutoCloseable {
  private static final Pattern ADDRESS = Pattern.compile("relay address: (\\S+)");

  /** What to start. */
  public record Options(
      Path serverJar,
      int instances,
      Optional<String> dbUrl,
      String bus,
      String natsUrl,
      List<String> jvmOptions,
      Map<String, String> extraConfig) {
    public static Options of(Path serverJar) {
      return new Options(
          serverJar, 1, Optional.empty(), "none", "nats://127.0.0.1:4222", List.of(), Map.of());
    }

    public Options withInstances(int n, String bus) {
      return new Options(serverJar, n, dbUrl, bus, natsUrl, jvmOptions, extraConfig);
    }

    public Options withDbUrl(Optional<String> url) {
      return new Options(serverJar, instances, url, bus, natsUrl, jvmOptions, extraConfig);
    }

    public Options withJvmOptions(List<String> opts) {
      return new Options(serverJar, instances, dbUrl, bus, natsUrl, opts, extraConfig);
    }

    public Options withConfig(Map<String, String> config) {
      return new Options(serverJar, instances, dbUrl, bus, natsUrl, jvmOptions, config);
    }

    /**
     * The per-group post and join rates lifted, unless the configuration sets them: for the
     * benchmarks of what a relay sustains, where one group's default rate would be the figure.
     */
    public Options withGroupRatesLifted() {
      Map<String, String> config = new java.util.LinkedHashMap<>();
      config.put("limits.posts-per-second-per-group", "1000000");
      config.put("limits.joins-per-second-per-group", "1000000");
      config.putAll(extraConfig);
      return withConfig(config);
    }
  }

  /** One relay process. */
  public record Instance(Process process, int port, Path dir) {
    public long pid() {
      return process.pid();
    }

    /**
     * The value on the first line of this relay's {@code /metrics} that starts with {@code prefix},
     * or "" if none (or the relay does not answer).
     */
    public String metric(String prefix) {
      return metrics(List.of(prefix)).get(prefix);
    }

    /** {@link #metric} for each of {@code prefixes}, from one scrape. */
    public Map<String, String> metrics(List<String> prefixes) {
      String body;
      try {
        body =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
      } catch (Exception e) {
        body = "";
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (String prefix : prefixes) {
        values.put(
            prefix,
            body.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip())
                .findFirst()
                .orElse(""));
      }
      return values;
    }
  }

  private final List<Instance> instances = new ArrayList<>();
  private final Path home;
  private final Optional<String> database;
  private final Optional<String> adminUrl;
  private String address;

  private RelayUnderTest(Path home, Optional<String> adminUrl, Optional<String> database) {
    this.home = home;
    this.adminUrl = adminUrl;
    this.database = database;
  }

  /** Starts the relays and waits until each has printed its address. */
  public static RelayUnderTest start(Options o) {
    if (!Files.isRegularFile(o.serverJar())) {
      throw new IllegalArgumentException(
          o.serverJar() + " not found: run `mvn -B -q package -DskipTests` first");
    }
    if (o.instances() > 1 && o.dbUrl().isEmpty()) {
      throw new IllegalArgumentException(
          "several instances share one PostgreSQL server: give --db-url");
    }
    try {
      Path home = Files.createTempDirectory("relay-load-");
      Optional<String> dbName = o.dbUrl().map(u -> "relay_load_" + shortId());
      dbName.ifPresent(name -> admin(o.dbUrl().get(), "CREATE DATABASE " + name));
      RelayUnderTest r = new RelayUnderTest(home, o.dbUrl(), dbName);
      try {
        for (int i = 0; i < o.instances(); i++) {
          r.instances.add(r.launch(o, i, dbName.map(n -> withDatabase(o.dbUrl().get(), n))));
          if (i == 0) {
            // The first instance creates the identity; the others load it.
            r.address = r.awaitAddress(r.instances.get(0));
          } else {
            r.awaitAddress(r.instances.get(i));
          }
          Instance started = r.instances.get(i);
          Progress.say(
              "relay %d started: pid %d, port %d, log %s",
              i, started.pid(), started.port(), started.dir().resolve("relay.log"));
        }
      } catch (RuntimeException e) {
        r.close();
        throw e;
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Instance launch(Options o, int index, Optional<String> dbUrl) throws IOException {
    Path dir = home.resolve("relay-" + index);
    Files.createDirectories(dir);
    int port = freePort();
    Properties p = new Properties();
    p.setProperty("relay.host", "127.0.0.1");
    p.setProperty("relay.port", Integer.toString(port));
    p.setProperty("relay.public-hosts", "127.0.0.1");
    p.setProperty("relay.tls", "plain");
    p.setProperty("relay.data-dir", dir.resolve("data").toString());
    dbUrl.ifPresent(u -> p.setProperty("store.db-url", u));
    p.setProperty("limits.max-connections", "100000");
    p.setProperty("limits.max-connections-per-address", "100000");
    p.setProperty("limits.idle-timeout-ms", Integer.toString(3_600_000));
    if (o.instances() > 1) {
      p.setProperty("cluster.bus", o.bus());
      p.setProperty("cluster.nats-url", o.natsUrl());
    }
    o.extraConfig().forEach(p::setProperty);
    Path config = dir.resolve("relay.properties");
    try (var w = Files.newBufferedWriter(config)) {
      p.store(w, "written by relay-load");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(o.jvmOptions());
    cmd.addAll(List.of("-jar", o.serverJar().toString(), "--config", config.toString(), "--no-qr"));
    Process process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("relay.log").toFile())
            .start();
    return new Instance(process, port, dir);
  }

  private String awaitAddress(Instance i) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Path log = i.dir().resolve("relay.log");
    while (System.nanoTime() < deadline) {
      try {
        if (Files.exists(log)) {
          Matcher m = ADDRESS.matcher(Files.readString(log, StandardCharsets.UTF_8));
          if (m.find()) {
            return m.group(1);
          }
        }
        if (!i.process().isAlive()) {
          throw new IllegalStateException(
              "relay exited with " + i.process().exitValue() + "; see " + log);
        }
        Thread.sleep(100);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("relay did not print its address within 120 s; see " + log);
  }

  /** The relay address ({@code /r} link) all instances share. */
  public String address() {
    return address;
  }

  /** The relay server as the address names it, with the port of instance {@code i}. */
  public SmpServer server(int i) {
    SmpServer s = ((RelayShortLink) Links.parse(address)).server();
    return new SmpServer(s.hosts(), java.util.OptionalInt.of(instances.get(i).port()), s.keyHash());
  }

  public List<Instance> instances() {
    return List.copyOf(instances);
  }

  /** The PostgreSQL server the relays store in: for pgbench. */
  public PgTarget store() {
    if (adminUrl.isPresent()) {
      java.net.URI u = URI.create(adminUrl.get());
      String user = u.getUserInfo() == null ? "postgres" : u.getUserInfo().split(":")[0];
      return new PgTarget(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), user, database.get());
    }
    // The embedded server writes its port on the fourth line of postmaster.pid.
    try (Stream<Path> files = Files.walk(instances.get(0).dir())) {
      Path pid =
          files
              .filter(f -> f.getFileName().toString().equals("postmaster.pid"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("embedded PostgreSQL not found"));
      int port = Integer.parseInt(Files.readAllLines(pid).get(3).strip());
      return new PgTarget("127.0.0.1", port, "postgres", "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Joins queued in the store and not yet admitted (nor parked). */
  public long pendingJoins() {
    try (Connection c = DriverManager.getConnection(jdbc(relayDatabaseUrl()));
        Statement s = c.createStatement();
        java.sql.ResultSet r =
            s.executeQuery("SELECT count(*) FROM pending_joins WHERE status = 'pending'")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("counting pending joins: " + e.getMessage(), e);
    }
  }

  /** The relays' own database: the one created for this run, or the embedded server's. */
  private String relayDatabaseUrl() {
    if (adminUrl.isPresent()) {
      return withDatabase(adminUrl.get(), database.get());
    }
    PgTarget t = store();
    return "postgresql://" + t.user() + "@" + t.host() + ":" + t.port() + "/relay";
  }

  /** Where pgbench connects. */
  public record PgTarget(String host, int port, String user, String database) {}

  /** Heap in use after a full GC, and resident memory, of instance {@code i}, in bytes. */
  public long[] memoryAfterGc(int i) {
    long pid = instances.get(i).pid();
    run("jcmd", Long.toString(pid), "GC.run");
    String info = run("jcmd", Long.toString(pid), "GC.heap_info");
    Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("cannot read jcmd GC.heap_info: " + info);
    }
    long heap = Long.parseLong(m.group(1)) * 1024;
    long rss = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // not Linux: resident size unknown
    }
    return new long[] {heap, rss};
  }

  /** Kills instance {@code i} with SIGKILL. */
  public void kill(int i) {
    instances.get(i).process().destroyForcibly();
  }

  @Override
  public void close() {
    for (Instance i : instances) {
      i.process().destroy();
    }
    for (Instance i : instances) {
      try {
        if (!i.process().waitFor(30, TimeUnit.SECONDS)) {
          i.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    database.ifPresent(
        name -> admin(adminUrl.get(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    deleteTree(home);
  }

  static String run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  return String.join("\n", r.lines().toList());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      if (!p.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
      }
      String text = out.join();
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code postgresql://user@host:port/db} as a JDBC URL. */
  static String jdbc(String url) {
    java.net.URI u = URI.create(url);
    String user = u.getUserInfo() == null ? "postgres" : u.getUserInfo().split(":")[0];
    int port = u.getPort() < 0 ? 5432 : u.getPort();
    return "jdbc:postgresql://" + u.getHost() + ":" + port + u.getPath() + "?user=" + user;
  }

  static String withDatabase(String url, String database) {
    java.net.URI u = URI.create(url);
    String auth = u.getRawAuthority();
    return u.getScheme() + "://" + auth + "/" + database;
  }

  private static void admin(String url, String sql) {
    try (Connection c = DriverManager.getConnection(jdbc(url));
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("on " + url + ": " + sql + ": " + e.getMessage(), e);
    }
  }

  private static String shortId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              f -> {
                try {
                  Files.deleteIfExists(f);
                } catch (IOException e) {
                  // best effort: a temp directory
                }
              });
    } catch (IOException e) {
      // best effort
    }
  }
}
