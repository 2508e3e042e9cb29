package io.chatrelay.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar load-tests/target/relay-load.jar SCENARIO [options] --json}: starts a clean
 * relay (or a bare server, or uses NATS), drives it at a constant arrival rate and prints one JSON
 * summary.
 */
@Command(
    name = "relay-load",
    mixinStandardHelpOptions = true,
    description = "Load scenarios and baselines for the chat relay; prints one JSON summary.",
    subcommands = {
      LoadCommand.Fanout.class,
      LoadCommand.Joins.class,
      LoadCommand.Flood.class,
      LoadCommand.Idle.class,
      LoadCommand.Bare.class,
      LoadCommand.Jmh.class
    })
public final class LoadCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      // JMH parses its own options (-f, -wi, ...): hand them over untouched.
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    System.exit(new CommandLine(new LoadCommand()).execute(args));
  }

  /** The jar this class was loaded from (to start the bare server in a JVM of its own). */
  static Path ownJar() {
    try {
      return Path.of(LoadCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How the relay under test is started, and how the summary is printed. */
  static final class RelayOptions {
    @Option(
        names = "--server-jar",
        defaultValue = "server/target/relay-server.jar",
        description = "The relay to start (default: ${DEFAULT-VALUE}).")
    Path serverJar;

    @Option(
        names = "--db-url",
        description =
            "PostgreSQL server to store in (a fresh database is created and dropped);"
                + " default: the embedded PostgreSQL in a fresh data directory.")
    Optional<String> dbUrl = Optional.empty();

    @Option(
        names = "--instances",
        defaultValue = "1",
        description = "Relay instances sharing the store (needs --db-url when > 1).")
    int instances;

    @Option(
        names = "--bus",
        defaultValue = "nats",
        description =
            "Cluster bus between instances: nats or postgres (default: ${DEFAULT-VALUE}).")
    String bus;

    @Option(
        names = "--nats-url",
        defaultValue = "nats://127.0.0.1:4222",
        description = "NATS server (cluster bus and NATS baseline).")
    String natsUrl;

    @Option(
        names = "--relay-jvm-opts",
        split = " ",
        description = "JVM options for the relay processes, e.g. \"-Xmx2g\".")
    List<String> jvmOptions = new ArrayList<>();

    @Option(
        names = "--relay-config",
        split = ",",
        description = "Extra relay configuration, key=value[,key=value...].")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (keys, payloads).")
    long seed;

    @Option(names = "--json", description = "Print the summary as one line of JSON.")
    boolean json;

    /** A relay with its default limits, except those {@code --relay-config} sets. */
    RelayUnderTest start() {
      return RelayUnderTest.start(options());
    }

    /** A relay without per-group rate limits, unless {@code --relay-config} sets them. */
    RelayUnderTest startWithGroupRatesLifted() {
      return RelayUnderTest.start(options().withGroupRatesLifted());
    }

    private RelayUnderTest.Options options() {
      return RelayUnderTest.Options.of(serverJar)
          .withDbUrl(dbUrl)
          .withInstances(instances, bus)
          .withJvmOptions(jvmOptions)
          .withConfig(config);
    }

    int print(Map<String, Object> summary) throws Exception {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("date", java.time.Instant.now().toString());
      out.put("cores", Runtime.getRuntime().availableProcessors());
      out.putAll(summary);
      ObjectMapper mapper = new ObjectMapper();
      if (!json) {
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
      }
      System.out.println(mapper.writeValueAsString(out));
      return 0;
    }
  }

  @Command(
      name = "fanout",
      mixinStandardHelpOptions = true,
      description =
          "An owner posts at a constant rate to S subscribers; post-to-delivery latency at every"
              + " subscriber. --target all runs the relay, the bare broadcast server and NATS core"
              + " in turn with the same clients and reports ratios.")
  static final class Fanout implements Callable<Integer> {
    @Mixin RelayOptions relay;

    @Option(names = "--target", defaultValue = "relay", description = "relay, bare, nats or all.")
    String target;

    @Option(names = "--subscribers", defaultValue = "100")
    int subscribers;

    @Option(names = "--rate", defaultValue = "1000", description = "Posts per second.")
    double rate;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds.")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds (not measured).")
    int warmup;

    @Option(names = "--payload", defaultValue = "256", description = "Post body bytes.")
    int payload;

    @Override
    public Integer call() throws Exception {
      List<String> targets =
          target.equals("all") ? List.of("relay", "bare", "nats") : List.of(target);
      List<Map<String, Object>> runs = new ArrayList<>();
      for (String t : targets) {
        FanoutScenario.Params p =
            new FanoutScenario.Params(
                t, subscribers, rate, warmup, seconds, payload, relay.seed, relay.natsUrl);
        try {
          if (t.equals("relay")) {
            try (RelayUnderTest r = relay.startWithGroupRatesLifted()) {
              Map<String, Object> run = FanoutScenario.run(p, Optional.of(r));
              run.put("instances", r.instances().size());
              runs.add(run);
            }
          } else {
            runs.add(FanoutScenario.run(p, Optional.empty()));
          }
        } catch (Exception | OutOfMemoryError e) {
          // One target that cannot run here (NATS' client wants threads per connection) must
          // not lose the others' figures: report it as failed.
          Progress.say("%s failed: %s", t, e);
          Map<String, Object> failed = new LinkedHashMap<>();
          failed.put("target", t);
          failed.put("failed", e.toString());
          failed.put("deliveriesPerSecond", 0);
          runs.add(failed);
        }
      }
      if (runs.size() == 1) {
        return relay.print(runs.get(0));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("scenario", "fanout");
      out.put("runs", runs);
      double relayRate = ((Number) runs.get(0).get("deliveriesPerSecond")).doubleValue();
      out.put(
          "relayToBare",
          ratio(relayRate, ((Number) runs.get(1).get("deliveriesPerSecond")).doubleValue()));
      out.put(
          "relayToNats",
          ratio(relayRate, ((Number) runs.get(2).get("deliveriesPerSecond")).doubleValue()));
      return relay.print(out);
    }
  }

  static double ratio(double a, double b) {
    return b > 0 ? Math.round(a / b * 100) / 100.0 : 0;
  }

  @Command(
      name = "joins",
      mixinStandardHelpOptions = true,
      description =
          "Join storm: M fresh members join G groups at a constant arrival rate; then pgbench"
              + " single-row INSERTs on the same PostgreSQL, and the ratio.")
  static final class Joins implements Callable<Integer> {
    @Mixin RelayOptions relay;

    @Option(names = "--members", defaultValue = "100000")
    int members;

    @Option(names = "--groups", defaultValue = "16")
    int groups;

    @Option(names = "--connections", defaultValue = "32")
    int connections;

    @Option(names = "--rate", defaultValue = "20000", description = "Joins per second offered.")
    double rate;

    @Option(
        names = "--warmup-members",
        defaultValue = "150000",
        description = "Joins of an unmeasured storm on other groups first (0: none).")
    int warmupMembers;

    @Option(names = "--pgbench", defaultValue = "true", arity = "1")
    boolean pgbench;

    @Option(names = "--pgbench-clients", defaultValue = "16")
    int pgbenchClients;

    @Option(names = "--pgbench-seconds", defaultValue = "20")
    int pgbenchSeconds;

    @Override
    public Integer call() throws Exception {
      try (RelayUnderTest r = relay.startWithGroupRatesLifted()) {
        Map<String, Object> out =
            JoinScenario.run(
                new JoinScenario.Params(
                    members, groups, connections, rate, warmupMembers, 0.1, relay.seed),
                r);
        if (pgbench) {
          Map<String, Object> pg = Pgbench.run(r.store(), pgbenchClients, pgbenchSeconds);
          out.put("pgbench", pg);
          out.put(
              "ratioToPgbench",
              ratio(
                  ((Number) out.get("admittedPerSecond")).doubleValue(),
                  ((Number) pg.get("tps")).doubleValue()));
        }
        return relay.print(out);
      }
    }
  }

  @Command(
      name = "flood",
      mixinStandardHelpOptions = true,
      description =
          "Other groups join at a light rate, alone and then while one group is flooded with"
              + " joins and posts; their p99 join latency ratio.")
  static final class Flood implements Callable<Integer> {
    @Mixin RelayOptions relay;

    @Option(names = "--other-groups", defaultValue = "8")
    int otherGroups;

    @Option(names = "--other-rate", defaultValue = "200", description = "Joins/s over all others.")
    double otherRate;

    @Option(names = "--flood-rate", defaultValue = "20000", description = "Joins/s on one group.")
    double floodRate;

    @Option(names = "--flood-posts", defaultValue = "500", description = "Posts/s on that group.")
    double floodPosts;

    @Option(names = "--seconds", defaultValue = "20", description = "Seconds per phase.")
    int seconds;

    @Option(
        names = "--warmup",
        defaultValue = "20",
        description = "Seconds of unmeasured flood on another group first (JIT warm-up).")
    int warmup;

    @Option(
        names = "--rounds",
        defaultValue = "3",
        description = "Idle and flood phases, in turn; the figures pool them.")
    int rounds;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (rounds < 1 || seconds < 1) {
        throw new ParameterException(spec.commandLine(), "--rounds and --seconds must be >= 1");
      }
      try (RelayUnderTest r = relay.start()) {
        return relay.print(
            FloodScenario.run(
                new FloodScenario.Params(
                    otherGroups,
                    otherRate,
                    floodRate,
                    floodPosts,
                    seconds,
                    warmup,
                    rounds,
                    relay.seed),
                r));
      }
    }
  }

  @Command(
      name = "idle",
      mixinStandardHelpOptions = true,
      description =
          "N admitted members hold idle subscribed connections; relay heap (after GC) and"
              + " resident memory per connection.")
  static final class Idle implements Callable<Integer> {
    @Mixin RelayOptions relay;

    @Option(names = "--connections", defaultValue = "19000")
    int connections;

    @Option(names = "--hold", defaultValue = "10", description = "Seconds to hold them.")
    int hold;

    @Override
    public Integer call() throws Exception {
      try (RelayUnderTest r = relay.startWithGroupRatesLifted()) {
        return relay.print(
            IdleScenario.run(new IdleScenario.Params(connections, hold, relay.seed), r));
      }
    }
  }

  @Command(
      name = "bare-server",
      mixinStandardHelpOptions = true,
      description = "Runs the bare Reactor Netty broadcast server (the fan-out ceiling).")
  static final class Bare implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", required = true)
    int port;

    @Override
    public Integer call() {
      BareBroadcastServer.start(host, port).onDispose().block();
      return 0;
    }
  }

  @Command(
      name = "jmh",
      description = "Runs JMH benchmarks: jmh [JMH options] [benchmark regex], e.g. jmh LinkData.")
  static final class Jmh implements Callable<Integer> {
    @Parameters(arity = "0..*", description = "JMH's own options, handed over untouched.")
    String[] args = new String[0];

    @Override
    public Integer call() throws Exception {
      // Reached only for `jmh` without options: main() hands everything else to JMH.
      org.openjdk.jmh.Main.main(args);
      return 0;
    }
  }
}
