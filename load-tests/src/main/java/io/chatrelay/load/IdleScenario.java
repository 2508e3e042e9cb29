package io.chatrelay.load;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.link.SmpServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * Idle connections: N admitted members each hold a subscribed connection and say nothing. The
 * figures are how many the relay holds and its heap (after a full GC) and resident memory per
 * connection, against the same process before they connected.
 */
final class IdleScenario {
  record Params(int connections, int holdSeconds, long seed) {}

  private IdleScenario() {}

  static Map<String, Object> run(Params p, RelayUnderTest relay) throws Exception {
    Random random = new Random(p.seed());
    SmpServer server = relay.server(0);
    LoadChannel channel = LoadChannel.create(server, random, GroupType.CHANNEL, "idle");
    List<Ed25519KeyPair> members =
        Admitter.admit(List.of(server), channel, p.connections(), random);
    Admitter.sleep(2000);
    long[] before = relay.memoryAfterGc(0);
    AtomicLong closed = new AtomicLong();
    Bytes address = channel.address();
    List<LeanSocket> sockets =
        Flux.range(0, p.connections())
            .flatMap(
                i ->
                    LeanSocket.subscriber(
                        server,
                        address,
                        members.get(i),
                        LeanSocket.Handler.withClose(
                            (tag, corr, f, body) -> {}, reason -> closed.incrementAndGet())),
                128)
            .collectList()
            .block(Duration.ofMinutes(20));
    Admitter.sleep(p.holdSeconds() * 1000L);
    long[] after = relay.memoryAfterGc(0);
    long open = sockets.stream().filter(LeanSocket::isOpen).count();
    String relayCount = relay.instances().get(0).metric("relay_connections ");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", "idle");
    out.put("connections", p.connections());
    out.put("subscribed", sockets.size());
    out.put("openAfterHold", open);
    out.put("closedByServer", closed.get());
    out.put("relayConnectionsGauge", relayCount);
    out.put("holdSeconds", p.holdSeconds());
    out.put("heapBeforeBytes", before[0]);
    out.put("heapAfterBytes", after[0]);
    out.put("heapPerConnectionBytes", (after[0] - before[0]) / Math.max(1, p.connections()));
    out.put("rssBeforeBytes", before[1]);
    out.put("rssAfterBytes", after[1]);
    out.put("rssPerConnectionBytes", (after[1] - before[1]) / Math.max(1, p.connections()));
    sockets.forEach(LeanSocket::close);
    return out;
  }
}
