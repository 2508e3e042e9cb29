package io.chatrelay.load;

import io.chatrelay.codec.link.SmpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * One-group flood: other groups join at a light, constant rate, first alone (their idle latency),
 * then while one group is flooded with joins and posts. The figure is the other groups' p99 join
 * latency during the flood over their idle p99 (the target is within 2×), pooled over rounds of an
 * idle and a flood phase. The rounds follow an unmeasured warm-up flood on a group of its own, and
 * each idle phase starts once the previous flood's queued joins are admitted. The flooder behaves
 * like a client blocked in its writes: a join due while the relay is not reading its connection
 * (TCP full) is counted and not sent, rather than buffered in this process, whose CPU the relay
 * shares.
 */
final class FloodScenario {
  record Params(
      int otherGroups,
      double otherRate,
      double floodJoinRate,
      double floodPostRate,
      int seconds,
      int warmupSeconds,
      int rounds,
      long seed) {}

  private static final long SETTLE_MS = 1_000;

  private FloodScenario() {}

  static Map<String, Object> run(Params p, RelayUnderTest relay) throws InterruptedException {
    Random random = new Random(p.seed());
    List<SmpServer> servers = JoinScenario.servers(relay);
    List<LoadChannel> others = JoinScenario.channels(servers, p.otherGroups(), random, "other");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", "flood");
    out.put("otherGroups", p.otherGroups());
    out.put("otherJoinsPerSecond", p.otherRate());
    out.put("floodJoinsPerSecond", p.floodJoinRate());
    out.put("floodPostsPerSecond", p.floodPostRate());
    out.put("secondsPerPhase", p.seconds());
    out.put("warmupSeconds", p.warmupSeconds());
    out.put("rounds", p.rounds());
    if (p.warmupSeconds() > 0) {
      // The same flood on a group of its own, unmeasured: the relay's JIT compiles the flood's
      // paths here, not during the measured phases (it took a third of a core there).
      LoadChannel warmup = JoinScenario.channels(servers, 1, random, "warm-up").get(0);
      Progress.say("warm-up: flooding another group for %d s", p.warmupSeconds());
      flood(p, p.warmupSeconds(), servers, others, warmup, random);
      out.put("warmupSettleMs", settle(relay));
    }
    // Rounds of an idle phase and a flood phase (on a fresh group each time): one run's p99 of
    // 3,600 samples moves a lot between runs of one build, so the figure pools the rounds.
    Histogram idleAll = new Histogram(3); // auto-resizing: takes the phases' ranges as added
    Histogram loadedAll = new Histogram(3);
    List<Map<String, Object>> rounds = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= p.rounds(); round++) {
      LoadChannel flooded = JoinScenario.channels(servers, 1, random, "flooded-" + round).get(0);
      Map<String, Object> r = new LinkedHashMap<>();
      Progress.say("round %d of %d, idle phase: %d s", round, p.rounds(), p.seconds());
      int lightCount = (int) (p.otherRate() * p.seconds());
      Histogram idle;
      try (JoinLoad light =
          new JoinLoad(servers, others, 4, lightCount, lightCount / 10, false, random)) {
        light.sendAt(p.otherRate(), System.nanoTime() + 200_000_000L);
        light.drain(Duration.ofSeconds(60));
        idle = light.admitted.merged();
        r.put("idle", phase(light));
      }
      Progress.say("round %d of %d, flood phase: %d s", round, p.rounds(), p.seconds());
      Flooded f = flood(p, p.seconds(), servers, others, flooded, random);
      r.put("duringFlood", f.others());
      r.put("floodedGroup", f.flooded());
      double ratio = ratio(f.loaded(), idle);
      r.put("p99Ratio", ratio);
      ratios.add(ratio);
      rounds.add(r);
      idleAll.add(idle);
      loadedAll.add(f.loaded());
      if (round < p.rounds()) {
        r.put("settleMs", settle(relay));
      }
    }
    out.put("idleAdmitLatencyMs", LatencyMeter.millis(idleAll));
    out.put("duringFloodAdmitLatencyMs", LatencyMeter.millis(loadedAll));
    out.put("p99Ratio", ratio(loadedAll, idleAll));
    out.put("roundRatios", ratios);
    List<Double> sorted = ratios.stream().sorted().toList();
    int mid = sorted.size() / 2;
    out.put(
        "medianRoundRatio",
        sorted.size() % 2 == 1
            ? sorted.get(mid)
            : Math.round((sorted.get(mid - 1) + sorted.get(mid)) * 50) / 100.0);
    out.put("perRound", rounds);
    return out;
  }

  /** The flood phase's p99 over the idle phase's, to two decimals. */
  private static double ratio(Histogram loaded, Histogram idle) {
    double idleP99 = idle.getValueAtPercentile(99);
    return idleP99 > 0 ? Math.round(loaded.getValueAtPercentile(99) / idleP99 * 100) / 100.0 : 0;
  }

  /**
   * After a flood: its sockets are closed (what they still held is dropped), and the relay still
   * admits the joins it queued (about 2,000/s). The next idle phase starts once none is pending, or
   * it would measure the other groups against the flood's backlog. Returns the milliseconds waited.
   */
  private static long settle(RelayUnderTest relay) throws InterruptedException {
    long settleStart = System.nanoTime();
    Thread.sleep(SETTLE_MS);
    long deadline = settleStart + TimeUnit.SECONDS.toNanos(180);
    long pending;
    while ((pending = relay.pendingJoins()) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    if (pending > 0) {
      throw new IllegalStateException(pending + " flood joins still pending after 180 s");
    }
    Thread.sleep(SETTLE_MS);
    return (System.nanoTime() - settleStart) / 1_000_000;
  }

  /** What one flood phase measured: the other groups, their admission latency, the flooded one. */
  private record Flooded(
      Map<String, Object> others, Histogram loaded, Map<String, Object> flooded) {}

  /**
   * Floods {@code target} with joins and posts for {@code seconds} while the other groups join at
   * their light rate; returns when the other groups' joins are answered.
   */
  private static Flooded flood(
      Params p,
      int seconds,
      List<SmpServer> servers,
      List<LoadChannel> others,
      LoadChannel target,
      Random random)
      throws InterruptedException {
    int lightCount = (int) (p.otherRate() * seconds);
    int floodCount = (int) (p.floodJoinRate() * seconds);
    int postCount = (int) (p.floodPostRate() * seconds);
    byte[][] posts = new byte[postCount + 1][];
    for (int n = 1; n <= postCount; n++) {
      posts[n] = target.postFrame(n, 256);
    }
    AtomicLong postAcks = new AtomicLong();
    AtomicLong postRefused = new AtomicLong();
    AtomicReference<String> publisherLost = new AtomicReference<>();
    AtomicBoolean closing = new AtomicBoolean();
    LeanSocket publisher =
        LeanSocket.relay(
                servers.get(0),
                LeanSocket.Handler.publisher(
                    postAcks,
                    postRefused,
                    reason -> {
                      // Posts sent after this are dropped unsent: say so, the figures show it.
                      if (!closing.get() && publisherLost.compareAndSet(null, reason)) {
                        Progress.say("the flood's publisher connection ended: %s", reason);
                      }
                    }))
            .block(Duration.ofSeconds(60));
    try (JoinLoad light =
            new JoinLoad(servers, others, 4, lightCount, lightCount / 10, false, random);
        JoinLoad flood = new JoinLoad(servers, List.of(target), 8, floodCount, 0, true, random)) {
      long start = System.nanoTime() + 200_000_000L;
      Pacer postPacer = new Pacer(Math.max(p.floodPostRate(), 1e-9), start);
      Thread floodThread = new Thread(() -> flood.sendAt(p.floodJoinRate(), start));
      Thread postThread =
          new Thread(() -> postPacer.run(postCount, n -> publisher.send(posts[(int) n + 1])));
      floodThread.start();
      postThread.start();
      light.sendAt(p.otherRate(), start);
      floodThread.join();
      postThread.join();
      light.drain(Duration.ofSeconds(60));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("due", flood.count());
      f.put("blockedByTcp", flood.blocked.get());
      f.put("acknowledged", flood.ackCount.get());
      f.put("admitted", flood.admittedCount.get());
      f.put("busy", flood.busy.get());
      f.put("errors", flood.errors.get());
      f.put("postsSent", postCount);
      f.put("postsAcknowledged", postAcks.get());
      f.put("postsRefused", postRefused.get());
      f.put("publisherLost", publisherLost.get());
      return new Flooded(phase(light), light.admitted.merged(), f);
    } finally {
      closing.set(true);
      publisher.close();
    }
  }

  private static Map<String, Object> phase(JoinLoad light) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", light.count());
    m.put("acknowledged", light.ackCount.get());
    m.put("admitted", light.admittedCount.get());
    m.put("busy", light.busy.get());
    m.put("errors", light.errors.get());
    m.put("unmatchedJoined", light.unmatched.get());
    m.put("ackLatencyMs", LatencyMeter.millis(light.acked.merged()));
    m.put("admitLatencyMs", LatencyMeter.millis(light.admitted.merged()));
    return m;
  }
}
