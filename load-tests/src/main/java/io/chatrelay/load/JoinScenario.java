package io.chatrelay.load;

import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.link.SmpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Join storm: M fresh members join G groups at a constant arrival rate over C connections. The
 * figure is joins admitted per second (durable: each was committed before it was acknowledged),
 * with acknowledgement and admission latency. An unmeasured storm on groups of its own comes first,
 * and the measured one starts once its joins are admitted: the storm is a fresh relay's first work,
 * and its JIT compiler took a third of a core while the first storm was measured.
 */
final class JoinScenario {
  /**
   * @param warmupMembers joins of the unmeasured storm before the measured one (0: none)
   * @param warmupShare the share of the measured storm's first joins left out of its latencies
   */
  record Params(
      int members,
      int groups,
      int connections,
      double rate,
      int warmupMembers,
      double warmupShare,
      long seed) {}

  private JoinScenario() {}

  static List<SmpServer> servers(RelayUnderTest relay) {
    List<SmpServer> servers = new ArrayList<>();
    for (int i = 0; i < relay.instances().size(); i++) {
      servers.add(relay.server(i));
    }
    return servers;
  }

  static List<LoadChannel> channels(
      List<SmpServer> servers, int count, Random random, String name) {
    List<LoadChannel> groups = new ArrayList<>();
    for (int g = 0; g < count; g++) {
      groups.add(
          LoadChannel.create(
              servers.get(g % servers.size()), random, GroupType.CHANNEL, name + " " + g));
    }
    return groups;
  }

  static Map<String, Object> run(Params p, RelayUnderTest relay) {
    Random random = new Random(p.seed());
    List<SmpServer> servers = servers(relay);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", "joins");
    if (p.warmupMembers() > 0) {
      out.put("warmupAdmitted", warmUp(p, servers, random));
    }
    List<LoadChannel> groups = channels(servers, p.groups(), random, "storm");
    long warm = (long) (p.members() * p.warmupShare());
    try (JoinLoad load =
        new JoinLoad(servers, groups, p.connections(), p.members(), warm, false, random)) {
      Progress.say("sending %d joins at %.0f/s", load.count(), p.rate());
      long firstMeasured = load.sendAt(p.rate(), System.nanoTime() + 200_000_000L).due(warm);
      Progress.say(
          "sent; %d acknowledged, %d admitted so far",
          load.ackCount.get(), load.admittedCount.get());
      load.drain(Duration.ofMinutes(2));
      Progress.say("drained: %d admitted", load.admittedCount.get());
      double window = (load.lastAdmitted.get() - firstMeasured) / 1e9;
      out.put("instances", relay.instances().size());
      out.put("members", p.members());
      out.put("groups", p.groups());
      out.put("connections", p.connections());
      out.put("offeredPerSecond", p.rate());
      out.put("sent", load.count());
      out.put("acknowledged", load.ackCount.get());
      out.put("admitted", load.admittedCount.get());
      out.put("busy", load.busy.get());
      out.put("errors", load.errors.get());
      out.put("unmatchedJoined", load.unmatched.get());
      long measuredAdmitted = Math.max(0, load.admittedCount.get() - warm);
      out.put("admittedPerSecond", window > 0 ? Math.round(measuredAdmitted / window) : 0);
      out.put("ackLatencyMs", LatencyMeter.millis(load.acked.merged()));
      out.put("admitLatencyMs", LatencyMeter.millis(load.admitted.merged()));
      return out;
    }
  }

  /** The unmeasured storm: the same rate and connections, on groups of its own; its admitted. */
  private static long warmUp(Params p, List<SmpServer> servers, Random random) {
    List<LoadChannel> groups = channels(servers, p.groups(), random, "warm-up");
    try (JoinLoad load =
        new JoinLoad(servers, groups, p.connections(), p.warmupMembers(), 0, false, random)) {
      Progress.say("warm-up: %d joins at %.0f/s, not measured", load.count(), p.rate());
      load.sendAt(p.rate(), System.nanoTime() + 200_000_000L);
      load.drain(Duration.ofMinutes(2));
      Progress.say("warm-up admitted: %d", load.admittedCount.get());
      return load.admittedCount.get();
    }
  }
}
