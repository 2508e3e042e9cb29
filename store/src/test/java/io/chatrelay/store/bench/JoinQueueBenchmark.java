package io.chatrelay.store.bench;

import io.chatrelay.store.DatabaseUrl;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.StoreConfig;
import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.group.GroupType;
import io.chatrelay.store.join.Admission;
import io.chatrelay.store.join.JoinReceipt;
import io.chatrelay.store.join.JoinRequest;
import io.chatrelay.store.postgres.EmbeddedDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pending-join queue under load: producers enqueue joins (a batch per transaction, as the
 * server's per-address pipeline does), workers admit them in batches with {@code admitNext} (one
 * transaction locks a batch, marks it admitted and inserts and logs the members, as the server's
 * join workers do), and the run reports admitted joins per second with enqueue-ack and
 * enqueue-to-admitted latency percentiles. Then, on the same database, {@code pgbench} measures
 * single-row INSERT transactions per second at 16 clients, the yardstick the queue should beat.
 *
 * <p>Options ({@code --name value}): {@code db-url} (default: {@code RELAY_TEST_DB_URL}, else an
 * embedded PostgreSQL in a temporary directory; a fresh database {@code relay_bench_<random>} is
 * created on that server and dropped after), {@code seconds} (20), {@code warmup} (5), {@code rate}
 * (joins/s offered; 0 = as fast as the queue admits, with at most {@code backlog} joins
 * acknowledged but not admitted), {@code backlog} (20000), {@code groups} (16), {@code
 * enqueue-batch} (500), {@code enqueue-concurrency} (2), {@code claim-batch} (1000: the most joins
 * one admitting transaction takes), {@code workers} (3), {@code claim-by} ({@code group}: each
 * worker admits from its own share of the groups, one group per batch in turn, as a worker per
 * relay address would; {@code any}: from all groups in queue order, {@code admitNext(null, max)}),
 * {@code pgbench-clients} (16), {@code pgbench-seconds} (20), {@code pgbench} (true), {@code
 * pgbench-row} ({@code plain}; {@code join} for a row shaped like a pending join), {@code profile}
 * (false; true prints the top statements from {@code pg_stat_statements}, which the embedded server
 * then preloads and an external one must).
 */
public final class JoinQueueBenchmark {
  private final Map<String, String> options;
  private final Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
  private final Map<Long, Long> admittedEarly = new ConcurrentHashMap<>();
  private final Recorder ackLatency = new Recorder(3);
  private final Recorder admitLatency = new Recorder(3);
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong admitted = new AtomicLong();
  private final AtomicLong newMembers = new AtomicLong();
  private final AtomicLong unmatched = new AtomicLong();
  private final AtomicBoolean stopping = new AtomicBoolean();

  private JoinQueueBenchmark(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new ConcurrentHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    new JoinQueueBenchmark(options).run();
  }

  private boolean profile() {
    return Boolean.parseBoolean(options.getOrDefault("profile", "false"));
  }

  private int intOption(String name, int defaultValue) {
    return Integer.parseInt(options.getOrDefault(name, String.valueOf(defaultValue)));
  }

  private void run() throws Exception {
    String url =
        options.getOrDefault("db-url", System.getenv().getOrDefault("RELAY_TEST_DB_URL", ""));
    EmbeddedDatabase embedded = null;
    Path embeddedDir = null;
    DatabaseUrl admin;
    if (url.isBlank()) {
      embeddedDir = Files.createTempDirectory("relay-bench-pg");
      embedded =
          EmbeddedDatabase.start(
              embeddedDir,
              0,
              profile() ? Map.of("shared_preload_libraries", "pg_stat_statements") : Map.of());
      admin = embedded.url("postgres");
    } else {
      admin = DatabaseUrl.parse(url);
    }
    String dbName = "relay_bench_" + HexFormat.of().formatHex(randomBytes(5));
    DatabaseUrl target = admin.withDatabase(dbName);
    execute(admin, "CREATE DATABASE " + dbName);
    try {
      runOn(target, embedded != null);
    } finally {
      execute(admin, "DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
      if (embedded != null) {
        embedded.close();
        deleteTree(embeddedDir);
      }
    }
  }

  private void runOn(DatabaseUrl target, boolean embedded) throws Exception {
    int workers = intOption("workers", 3);
    int enqueueConcurrency = intOption("enqueue-concurrency", 2);
    StoreConfig config =
        new StoreConfig(
            Optional.of(target), null, 0, workers + enqueueConcurrency + 2, Duration.ofSeconds(30));
    RelayStore store = RelayStore.open(config).block(Duration.ofMinutes(2));
    try {
      System.out.printf(
          "server: PostgreSQL %s (%s), synchronous_commit=%s, fsync=%s, cores=%d%n",
          show(target, "server_version"),
          embedded ? "embedded" : target.host() + ":" + target.port(),
          show(target, "synchronous_commit"),
          show(target, "fsync"),
          Runtime.getRuntime().availableProcessors());
      if (profile()) {
        execute(target, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      }
      queueBenchmark(store);
      System.out.printf(
          "database: %d joins admitted, %d members, %d joins pending%n",
          count(target, "SELECT count(*) FROM pending_joins WHERE status = 'admitted'"),
          count(target, "SELECT count(*) FROM members"),
          count(target, "SELECT count(*) FROM pending_joins WHERE status = 'pending'"));
      if (profile()) {
        printStatements(target);
      }
    } finally {
      store.close();
    }
    if (Boolean.parseBoolean(options.getOrDefault("pgbench", "true"))) {
      double tps = pgbench(target);
      double joinsPerSecond = lastJoinsPerSecond;
      System.out.printf("pgbench single-row INSERT: %.0f tps%n", tps);
      System.out.printf(
          "ratio joins/s : pgbench tps = %.2f (%.0f / %.0f)%n",
          joinsPerSecond / tps, joinsPerSecond, tps);
    }
  }

  private double lastJoinsPerSecond;

  private void queueBenchmark(RelayStore store) throws InterruptedException {
    int seconds = intOption("seconds", 20);
    int warmup = intOption("warmup", 5);
    int rate = intOption("rate", 0);
    int backlog = intOption("backlog", 20_000);
    int groupCount = intOption("groups", 16);
    int enqueueBatch = intOption("enqueue-batch", 500);
    int enqueueConcurrency = intOption("enqueue-concurrency", 2);
    int claimBatch = intOption("claim-batch", 1000);
    int workers = intOption("workers", 3);

    List<byte[]> groups = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      GroupRegistration r =
          new GroupRegistration(
              randomBytes(32),
              randomBytes(32),
              GroupType.GROUP,
              randomBytes(60),
              randomBytes(200),
              1);
      store.groups().register(r).block(Duration.ofSeconds(30));
      store.groups().markValidated(r.groupId()).block(Duration.ofSeconds(30));
      groups.add(r.groupId());
    }
    System.out.printf(
        "queue: %s, %d groups, enqueue batch %d x %d concurrent, %d workers admitting up to %d"
            + " (%s), %ds warm-up + %ds measured%n",
        rate == 0 ? "max throughput (backlog <= " + backlog + ")" : rate + " joins/s offered",
        groupCount,
        enqueueBatch,
        enqueueConcurrency,
        workers,
        claimBatch,
        options.getOrDefault("claim-by", "group").equals("group") ? "per group" : "any group",
        warmup,
        seconds);

    Disposable producer =
        rate == 0
            ? maxProducer(store, groups, enqueueBatch, enqueueConcurrency, backlog)
            : rateProducer(store, groups, rate, enqueueBatch, enqueueConcurrency);
    List<Disposable> workerLoops = new ArrayList<>();
    boolean byGroup = "group".equals(options.getOrDefault("claim-by", "group"));
    for (int w = 0; w < workers; w++) {
      List<byte[]> own = new ArrayList<>();
      for (int g = w; g < groups.size(); g += workers) {
        own.add(groups.get(g));
      }
      workerLoops.add(worker(store, "bench-worker-" + w, claimBatch, byGroup ? own : null));
    }

    Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
    ackLatency.getIntervalHistogram();
    admitLatency.getIntervalHistogram();
    long enqueuedAtStart = enqueued.get();
    long admittedAtStart = admitted.get();
    long start = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    long elapsed = System.nanoTime() - start;
    long enq = enqueued.get() - enqueuedAtStart;
    long adm = admitted.get() - admittedAtStart;
    Histogram ack = ackLatency.getIntervalHistogram();
    Histogram admit = admitLatency.getIntervalHistogram();

    stopping.set(true);
    producer.dispose();
    Thread.sleep(500);
    workerLoops.forEach(Disposable::dispose);

    double secs = elapsed / 1e9;
    lastJoinsPerSecond = adm / secs;
    System.out.printf("enqueued: %d joins, %.0f joins/s%n", enq, enq / secs);
    System.out.printf("admitted: %d joins, %.0f joins/s%n", adm, lastJoinsPerSecond);
    System.out.printf(
        "enqueue-ack latency ms: p50 %.2f  p99 %.2f  max %.2f%n",
        ack.getValueAtPercentile(50) / 1000.0,
        ack.getValueAtPercentile(99) / 1000.0,
        ack.getMaxValue() / 1000.0);
    System.out.printf(
        "enqueue-to-admitted latency ms: p50 %.2f  p99 %.2f  max %.2f%n",
        admit.getValueAtPercentile(50) / 1000.0,
        admit.getValueAtPercentile(99) / 1000.0,
        admit.getMaxValue() / 1000.0);
    System.out.printf(
        "checks: whole run %d admitted, %d of them created a member (keys are distinct: must be"
            + " equal), %d admitted before their ack was seen%n",
        admitted.get(), newMembers.get(), unmatched.get());
  }

  /** As fast as admitted: a new batch only while fewer than {@code backlog} joins wait. */
  private Disposable maxProducer(
      RelayStore store, List<byte[]> groups, int batchSize, int concurrency, int backlog) {
    return Flux.<Integer>generate(sink -> sink.next(0))
        .concatMap(
            x ->
                Mono.fromSupplier(() -> enqueued.get() - admitted.get())
                    .filter(waiting -> waiting < backlog)
                    .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(1)))
                    .thenReturn(x),
            1)
        .takeWhile(x -> !stopping.get())
        .flatMap(x -> enqueue(store, batch(groups, batchSize), System.nanoTime()), concurrency, 1)
        .subscribe(v -> {}, e -> System.err.println("producer failed: " + e));
  }

  /** Open loop: {@code rate} joins/s in 10 ms ticks; latency counts from the intended time. */
  private Disposable rateProducer(
      RelayStore store, List<byte[]> groups, int rate, int batchSize, int concurrency) {
    long origin = System.nanoTime();
    long tickNanos = TimeUnit.MILLISECONDS.toNanos(10);
    return Flux.interval(Duration.ofMillis(10))
        .onBackpressureBuffer(100_000)
        .concatMapIterable(
            tick -> {
              // The joins due in this tick (exactly `rate` per second over time), as batches.
              long intended = origin + (tick + 1) * tickNanos;
              List<long[]> slices = new ArrayList<>();
              for (long left = (tick + 1) * rate / 100 - tick * rate / 100;
                  left > 0;
                  left -= batchSize) {
                slices.add(new long[] {Math.min(left, batchSize), intended});
              }
              return slices;
            })
        .flatMap(slice -> enqueue(store, batch(groups, (int) slice[0]), slice[1]), concurrency, 1)
        .subscribe(v -> {}, e -> System.err.println("producer failed: " + e));
  }

  private Mono<Integer> enqueue(RelayStore store, List<JoinRequest> batch, long intendedAt) {
    return store
        .joins()
        .enqueueAll(batch)
        .collectList()
        .map(
            receipts -> {
              long now = System.nanoTime();
              for (JoinReceipt r : receipts) {
                Long early = admittedEarly.remove(r.queueId());
                if (early == null) {
                  ackedAt.put(r.queueId(), intendedAt);
                } else {
                  admitLatency.recordValue(Math.max(0, (early - intendedAt) / 1000));
                }
              }
              ackLatency.recordValue(Math.max(0, (now - intendedAt) / 1000));
              enqueued.addAndGet(receipts.size());
              return receipts.size();
            });
  }

  /**
   * Admits batches until stopped: from any group, or (a worker per relay address) from its own
   * groups in turn; each batch is one transaction, and its admissions are counted after commit.
   */
  private Disposable worker(RelayStore store, String name, int batchSize, List<byte[]> own) {
    AtomicLong turn = new AtomicLong();
    return Mono.defer(
            () ->
                store
                    .joins()
                    .admitNext(
                        own == null ? null : own.get((int) (turn.getAndIncrement() % own.size())),
                        batchSize)
                    .doOnNext(this::admittedOne)
                    .count())
        .flatMap(n -> n == 0 ? Mono.delay(Duration.ofMillis(2)).thenReturn(0L) : Mono.just(n))
        .repeat(() -> !stopping.get())
        .subscribe(v -> {}, e -> System.err.println(name + " failed: " + e));
  }

  private void admittedOne(Admission a) {
    long now = System.nanoTime();
    Long intended = ackedAt.remove(a.queueId());
    if (intended == null) {
      // The worker was faster than the enqueue callback: the ack callback records it.
      Long raced = admittedEarly.putIfAbsent(a.queueId(), now);
      if (raced != null) {
        throw new IllegalStateException("join " + a.queueId() + " admitted twice");
      }
      unmatched.incrementAndGet();
    } else {
      admitLatency.recordValue(Math.max(0, (now - intended) / 1000));
    }
    if (a.newMember()) {
      newMembers.incrementAndGet();
    }
    admitted.incrementAndGet();
  }

  private static List<JoinRequest> batch(List<byte[]> groups, int n) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] group = groups.get(random.nextInt(groups.size()));
    List<JoinRequest> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      byte[] profile = new byte[16];
      random.nextBytes(profile);
      batch.add(JoinRequest.of(group, key, profile));
    }
    return batch;
  }

  /** pgbench's single-row INSERT TPS on the same database (a row shaped like a join). */
  private double pgbench(DatabaseUrl target)
      throws IOException, InterruptedException, SQLException {
    int clients = intOption("pgbench-clients", 16);
    int seconds = intOption("pgbench-seconds", 20);
    // "plain": the narrowest single-row INSERT (the usual pgbench yardstick); "join": a row
    // shaped like a pending join (two 32-byte keys and a profile).
    boolean joinShaped = "join".equals(options.getOrDefault("pgbench-row", "plain"));
    execute(
        target,
        joinShaped
            ? "CREATE TABLE bench_single_insert (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY"
                + " KEY, group_id bytea NOT NULL, member_key bytea NOT NULL, profile bytea,"
                + " enqueued_at timestamptz NOT NULL DEFAULT now())"
            : "CREATE TABLE bench_single_insert (id bigserial PRIMARY KEY, v integer)");
    Path script = Files.createTempFile("relay-bench", ".sql");
    Files.writeString(
        script,
        "\\set k random(1, 1000000000)\n"
            + (joinShaped
                ? "INSERT INTO bench_single_insert (group_id, member_key, profile) VALUES"
                    + " (sha256(:k::text::bytea), sha256((:k + 1)::text::bytea),"
                    + " '\\x00112233445566778899aabbccddeeff'::bytea);\n"
                : "INSERT INTO bench_single_insert (v) VALUES (:k);\n"),
        StandardCharsets.UTF_8);
    System.out.println("pgbench script: " + Files.readString(script).replace('\n', ' '));
    List<String> command =
        List.of(
            pgbenchBinary(),
            "-n",
            "-c",
            String.valueOf(clients),
            "-j",
            "2",
            "-T",
            String.valueOf(seconds),
            "-f",
            script.toString(),
            "-h",
            target.host(),
            "-p",
            String.valueOf(target.port()),
            "-U",
            target.user(),
            target.database());
    System.out.println("pgbench: " + String.join(" ", command));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    target.password().ifPresent(p -> pb.environment().put("PGPASSWORD", p));
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Files.deleteIfExists(script);
    Matcher m =
        Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("pgbench printed no tps:\n" + output);
    }
    for (String line : output.split("\n")) {
      if (line.startsWith("latency") || line.startsWith("number of transactions actually")) {
        System.out.println("pgbench " + line.trim());
      }
    }
    return Double.parseDouble(m.group(1));
  }

  private static String pgbenchBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "pgbench");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(v -> v.resolve("bin/pgbench"))
          .filter(Files::isExecutable)
          .findFirst()
          .map(Path::toString)
          .orElseThrow(() -> new IllegalStateException("pgbench not found"));
    } catch (IOException e) {
      throw new IllegalStateException("pgbench not found", e);
    }
  }

  /** With {@code --profile true}: where the database spent its time, by statement. */
  private static void printStatements(DatabaseUrl url) throws SQLException {
    try (Connection c = connect(url);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT calls, rows, round(total_exec_time) AS ms, wal_records, wal_bytes,"
                    + " left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS q"
                    + " FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8")) {
      while (rs.next()) {
        System.out.printf(
            "profile: %8d calls %9d rows %7d ms %9d wal %11d B  %s%n",
            rs.getLong(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getLong(4),
            rs.getLong(5),
            rs.getString(6));
      }
    }
  }

  private static long count(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = connect(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String show(DatabaseUrl url, String setting) throws SQLException {
    try (Connection c = connect(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void execute(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = connect(url);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static Connection connect(DatabaseUrl url) throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password().orElse(null));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
