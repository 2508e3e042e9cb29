package io.chatrelay.load;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;

/**
 * Fan-out: one publisher posts at a constant rate to S subscribers; the figure is deliveries per
 * second, with the latency from each post's due time to its delivery at every subscriber. The same
 * clients, payload and schedule run against the relay, a bare Reactor Netty broadcast server (the
 * ceiling of our own stack) and NATS core (one connection per subscriber), so the three are
 * comparable within one run.
 */
final class FanoutScenario {
  /** What a run needs. */
  record Params(
      String target,
      int subscribers,
      double rate,
      int warmupSeconds,
      int seconds,
      int payload,
      long seed,
      String natsUrl) {}

  /** The system under test, from the clients' side. */
  private interface Target extends AutoCloseable {
    /** Opens the subscribers; each calls {@code sink} for every delivery it receives. */
    void subscribe(int count, DeliverySink sink) throws Exception;

    /** Prepares items 1..count (author sequence numbers). */
    void prepare(long count, int payload);

    void publish(long n);

    long acknowledged();

    long errors();

    /** The target's own counters that explain a run (the relay's), read once it is over. */
    default Map<String, Long> counters() {
      return Map.of();
    }

    @Override
    void close();
  }

  interface DeliverySink {
    void delivered(long authorSeq, long nowNanos);

    void disconnected(String reason);

    /**
     * The publisher's connection ended before the run did: posts sent after this are dropped
     * unsent, so the figures that follow it are not a rate the target sustained.
     */
    void publisherLost(String reason);
  }

  private FanoutScenario() {}

  static Map<String, Object> run(Params p, Optional<RelayUnderTest> relay) throws Exception {
    Random random = new Random(p.seed());
    try (Target target =
        switch (p.target()) {
          case "relay" -> new RelayTarget(relay.orElseThrow(), random);
          case "bare" -> new BareTarget(random);
          case "nats" -> new NatsTarget(p.natsUrl(), random);
          default -> throw new IllegalArgumentException("target is relay, bare or nats");
        }) {
      long warm = (long) (p.rate() * p.warmupSeconds());
      long total = warm + (long) (p.rate() * p.seconds());
      target.prepare(total, p.payload());
      long[] due = new long[(int) total + 1];
      LatencyMeter meter = new LatencyMeter();
      // Counted on every event loop at once: adders, and the last delivery per thread.
      LongAdder delivered = new LongAdder();
      LongAdder measured = new LongAdder();
      java.util.Set<long[]> lastByThread = java.util.concurrent.ConcurrentHashMap.newKeySet();
      ThreadLocal<long[]> lastDelivery =
          ThreadLocal.withInitial(
              () -> {
                long[] cell = new long[1];
                lastByThread.add(cell);
                return cell;
              });
      AtomicLong disconnects = new AtomicLong();
      AtomicReference<String> publisherLost = new AtomicReference<>();
      // Set once the figures are taken: the publisher's connection then ends as planned.
      AtomicBoolean over = new AtomicBoolean();
      // The measured phase in arrival time: deliveries of any post that arrive in it are the
      // throughput sustained, whether or not the target is still catching up on earlier posts.
      AtomicLong phaseStart = new AtomicLong(Long.MAX_VALUE);
      AtomicLong phaseEnd = new AtomicLong(Long.MIN_VALUE);
      LongAdder inPhase = new LongAdder();
      target.subscribe(
          p.subscribers(),
          new DeliverySink() {
            @Override
            public void delivered(long seq, long now) {
              delivered.increment();
              if (now >= phaseStart.get() && now < phaseEnd.get()) {
                inPhase.increment();
              }
              if (seq > warm && seq <= total) {
                meter.record(due[(int) seq], now);
                measured.increment();
                long[] last = lastDelivery.get();
                last[0] = Math.max(last[0], now);
              }
            }

            @Override
            public void disconnected(String reason) {
              disconnects.incrementAndGet();
            }

            @Override
            public void publisherLost(String reason) {
              if (!over.get() && publisherLost.compareAndSet(null, reason)) {
                Progress.say("the publisher's connection ended: %s", reason);
              }
            }
          });
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
      Pacer pacer = new Pacer(p.rate(), start);
      for (long n = 1; n <= total; n++) {
        due[(int) n] = pacer.due(n - 1);
      }
      phaseEnd.set(pacer.due(total));
      phaseStart.set(due[(int) warm + 1]);
      pacer.run(total, n -> target.publish(n + 1));
      long expectedMeasured = (total - warm) * p.subscribers();
      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (measured.sum() < expectedMeasured
          && System.nanoTime() < drainDeadline
          && disconnects.get() < p.subscribers()) {
        Thread.sleep(50);
      }
      Thread.sleep(200);
      Histogram h = meter.merged();
      long lastAt = lastByThread.stream().mapToLong(c -> c[0]).max().orElse(0);
      double window = (lastAt - due[(int) warm + 1]) / 1e9;
      double phase = (phaseEnd.get() - phaseStart.get()) / 1e9;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("scenario", "fanout");
      out.put("target", p.target());
      out.put("subscribers", p.subscribers());
      out.put("postsPerSecond", p.rate());
      out.put("offeredDeliveriesPerSecond", p.rate() * p.subscribers());
      out.put("payloadBytes", p.payload());
      out.put("seconds", p.seconds());
      out.put("warmupSeconds", p.warmupSeconds());
      out.put("sent", total);
      out.put("acknowledged", target.acknowledged());
      out.put("expectedDeliveries", total * p.subscribers());
      out.put("delivered", delivered.sum());
      // False when a subscriber was cut or a delivery is missing: the rate below is then not one
      // the target sustained for every subscriber, whatever it says.
      out.put("allDelivered", delivered.sum() == total * p.subscribers());
      out.put("measuredDeliveries", measured.sum());
      // Deliveries in the phase beyond the offered rate are a backlog caught up, not a rate the
      // target sustains: the figure is capped at the offered rate.
      long inPhaseRate = phase > 0 ? Math.round(inPhase.sum() / phase) : 0;
      out.put("deliveriesPerSecond", Math.min(inPhaseRate, Math.round(p.rate() * p.subscribers())));
      out.put("deliveriesInPhasePerSecond", inPhaseRate);
      out.put(
          "measuredPostsDeliveriesPerSecond", window > 0 ? Math.round(measured.sum() / window) : 0);
      out.put("latencyMs", LatencyMeter.millis(h));
      out.put("errors", target.errors());
      out.put("disconnects", disconnects.get());
      over.set(true);
      out.put("publisherLost", publisherLost.get());
      Map<String, Long> counters = target.counters();
      if (!counters.isEmpty()) {
        out.put("relayCounters", counters);
      }
      return out;
    }
  }

  /** The relay: a channel, S admitted members each subscribed on its own connection. */
  private static final class RelayTarget implements Target {
    private final RelayUnderTest relay;
    private final Random random;
    private final List<SmpServer> servers = new ArrayList<>();
    private final List<LeanSocket> sockets = new ArrayList<>();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private LoadChannel channel;
    private byte[][] frames;
    private LeanSocket publisher;

    RelayTarget(RelayUnderTest relay, Random random) {
      this.relay = relay;
      this.random = random;
      for (int i = 0; i < relay.instances().size(); i++) {
        servers.add(relay.server(i));
      }
      channel = LoadChannel.create(servers.get(0), random, GroupType.CHANNEL, "fan-out");
    }

    @Override
    public void subscribe(int count, DeliverySink sink) {
      List<Ed25519KeyPair> members = Admitter.admit(servers, channel, count, random);
      Bytes address = channel.address();
      List<LeanSocket> subs =
          Flux.range(0, count)
              .flatMap(
                  i ->
                      LeanSocket.subscriber(
                          servers.get(i % servers.size()),
                          address,
                          members.get(i),
                          LeanSocket.Handler.withClose(
                              (tag, corr, frame, body) -> {
                                if (tag == LeanSocket.Tag.DELIVER) {
                                  sink.delivered(
                                      LeanSocket.deliveredAuthorSeq(frame, body),
                                      System.nanoTime());
                                } else if (tag == LeanSocket.Tag.ERR) {
                                  errors.incrementAndGet();
                                }
                              },
                              sink::disconnected)),
                  256)
              .collectList()
              .block(Duration.ofMinutes(10));
      sockets.addAll(subs);
      publisher =
          LeanSocket.relay(
                  servers.get(0), LeanSocket.Handler.publisher(acks, errors, sink::publisherLost))
              .block(Duration.ofSeconds(60));
    }

    @Override
    public void prepare(long count, int payload) {
      frames = new byte[(int) count + 1][];
      LongStream.rangeClosed(1, count)
          .parallel()
          .forEach(n -> frames[(int) n] = channel.postFrame(n, payload));
    }

    @Override
    public void publish(long n) {
      publisher.send(frames[(int) n]);
    }

    @Override
    public long acknowledged() {
      return acks.get();
    }

    @Override
    public long errors() {
      return errors.get();
    }

    /**
     * Summed over the instances. Posts read back from the store mean subscribers that fell behind
     * the live stream and caught up from pages (a lag of their own); slow consumers were cut.
     */
    @Override
    public Map<String, Long> counters() {
      List<String> names =
          List.of(
              "relay_deliveries_total",
              "relay_deliveries_from_store_total",
              "relay_slow_consumers_total");
      Map<String, Long> counters = new LinkedHashMap<>();
      names.forEach(name -> counters.put(name, 0L));
      for (RelayUnderTest.Instance i : relay.instances()) {
        Map<String, String> values = i.metrics(names.stream().map(n -> n + " ").toList());
        for (String name : names) {
          String v = values.get(name + " ");
          counters.merge(name, v.isEmpty() ? 0 : (long) Double.parseDouble(v), Long::sum);
        }
      }
      return counters;
    }

    @Override
    public void close() {
      sockets.forEach(LeanSocket::close);
      if (publisher != null) {
        publisher.close();
      }
    }
  }

  /** DELIVER frames as the relay would send them, for the baselines. */
  private static byte[][] deliverFrames(long count, int payload, Random random) {
    LoadChannel ch = LoadChannel.offline(random);
    byte[][] frames = new byte[(int) count + 1][];
    LongStream.rangeClosed(1, count)
        .parallel()
        .forEach(
            n ->
                frames[(int) n] =
                    MessageCodec.encode(
                        Frame.event(
                            1,
                            new Deliver(ch.address(), n, ch.post(n, payload), Optional.empty()))));
    return frames;
  }

  /**
   * A baseline: it sends the relay's DELIVER frames as they are, prepared alike, acknowledges
   * nothing (what is sent counts as acknowledged) and has no protocol errors.
   */
  private abstract static class BaselineTarget implements Target {
    private final Random random;
    byte[][] frames;

    BaselineTarget(Random random) {
      this.random = random;
    }

    @Override
    public void prepare(long count, int payload) {
      frames = deliverFrames(count, payload, random);
    }

    @Override
    public long acknowledged() {
      return frames.length - 1;
    }

    @Override
    public long errors() {
      return 0;
    }
  }

  /** The bare Reactor Netty broadcast server, in a JVM of its own like the relay. */
  private static final class BareTarget extends BaselineTarget {
    private final Process server;
    private final int port;
    private final List<LeanSocket> sockets = new ArrayList<>();
    private LeanSocket publisher;

    BareTarget(Random random) throws IOException {
      super(random);
      this.port = RelayUnderTest.freePort();
      Path jar = LoadCommand.ownJar();
      server =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar.toString(),
                  "bare-server",
                  "--port",
                  Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    }

    @Override
    public void subscribe(int count, DeliverySink sink) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try {
          new java.net.Socket("127.0.0.1", port).close();
          break;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("bare server did not start", e);
          }
          Admitter.sleep(100);
        }
      }
      LeanSocket.Handler h =
          LeanSocket.Handler.withClose(
              (tag, corr, frame, body) -> {
                if (tag == LeanSocket.Tag.DELIVER) {
                  sink.delivered(LeanSocket.deliveredAuthorSeq(frame, body), System.nanoTime());
                }
              },
              sink::disconnected);
      sockets.addAll(
          Flux.range(0, count)
              .flatMap(i -> LeanSocket.bare("127.0.0.1", port, h), 256)
              .collectList()
              .block(Duration.ofMinutes(10)));
      publisher =
          LeanSocket.bare(
                  "127.0.0.1",
                  port,
                  LeanSocket.Handler.withClose((tag, corr, frame, body) -> {}, sink::publisherLost))
              .block(Duration.ofSeconds(60));
      Admitter.sleep(500);
    }

    @Override
    public void publish(long n) {
      publisher.send(frames[(int) n]);
    }

    @Override
    public void close() {
      sockets.forEach(LeanSocket::close);
      if (publisher != null) {
        publisher.close();
      }
      server.destroy();
    }
  }

  /** NATS core: one connection and subscription per subscriber, the official Java client. */
  private static final class NatsTarget extends BaselineTarget {
    private static final String SUBJECT = "relay.load.fanout";
    private final String url;
    private final List<Connection> connections = new ArrayList<>();
    private Connection publisher;

    NatsTarget(String url, Random random) {
      super(random);
      this.url = url;
    }

    @Override
    public void subscribe(int count, DeliverySink sink) throws Exception {
      for (int i = 0; i < count; i++) {
        Connection c =
            Nats.connect(
                new io.nats.client.Options.Builder()
                    .server(url)
                    .maxReconnects(0)
                    .connectionListener(
                        (conn, type) -> {
                          if (type == io.nats.client.ConnectionListener.Events.DISCONNECTED) {
                            sink.disconnected("nats disconnected");
                          }
                        })
                    .build());
        Dispatcher d =
            c.createDispatcher(
                m ->
                    sink.delivered(
                        deliveredAuthorSeq(Unpooled.wrappedBuffer(m.getData())),
                        System.nanoTime()));
        d.subscribe(SUBJECT);
        c.flush(Duration.ofSeconds(10));
        connections.add(c);
      }
      // The relay's and the bare server's publishers queue what the socket cannot take yet without
      // a bound; jnats refuses a publish past 5,000 waiting messages by default, which ended a run
      // at 1,000 subscribers ("Output queue is full 5000") instead of measuring it.
      publisher =
          Nats.connect(
              new io.nats.client.Options.Builder()
                  .server(url)
                  .maxMessagesInOutgoingQueue(Integer.MAX_VALUE)
                  .build());
    }

    private static long deliveredAuthorSeq(ByteBuf frame) {
      return LeanSocket.deliveredAuthorSeq(frame, LeanSocket.bodyOffset(frame));
    }

    @Override
    public void publish(long n) {
      publisher.publish(SUBJECT, frames[(int) n]);
    }

    @Override
    public void close() {
      for (Connection c : connections) {
        try {
          c.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        if (publisher != null) {
          publisher.close();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
