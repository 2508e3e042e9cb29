package io.chatrelay.load;

import io.chatrelay.codec.link.SmpServer;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;

/**
 * Joins at a constant arrival rate, spread round-robin over groups and connections: each join is a
 * fresh member key. Measures, from each join's due time, the relay's {@code QUEUED} (durable
 * acknowledgement) and {@code JOINED} (admitted). {@code JOINED} does not name the join, so it is
 * matched to the oldest unanswered join of that group on that connection.
 */
final class JoinLoad implements AutoCloseable {
  private final List<LoadChannel> groups;
  private final List<LeanSocket> sockets;
  private final byte[][] frames;
  private final long[] due;
  private final boolean[] refused;
  private final List<List<ConcurrentLinkedQueue<Integer>>> waiting = new ArrayList<>();
  private final Map<java.nio.ByteBuffer, Integer> groupOfAddress = new HashMap<>();
  private final long warm;
  private final boolean dropWhenBlocked;
  final LatencyMeter acked = new LatencyMeter();
  final LatencyMeter admitted = new LatencyMeter();
  final AtomicLong ackCount = new AtomicLong();
  final AtomicLong admittedCount = new AtomicLong();
  final AtomicLong busy = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong lastAdmitted = new AtomicLong();

  /** JOINED events with no unanswered join of their group on their connection. */
  final AtomicLong unmatched = new AtomicLong();

  /** Joins not sent because their connection could not take them (see the constructor). */
  final AtomicLong blocked = new AtomicLong();

  /**
   * Prepares {@code count} signed joins; the first {@code warm} are left out of the figures.
   *
   * @param dropWhenBlocked a join due while its connection cannot take it (Netty's write buffer
   *     above its high-water mark: the relay is not reading, TCP is full) is counted in {@link
   *     #blocked} and not sent, as a client blocked in its write would not send it; otherwise it is
   *     buffered here until the relay reads
   */
  JoinLoad(
      List<SmpServer> servers,
      List<LoadChannel> groups,
      int connections,
      int count,
      long warm,
      boolean dropWhenBlocked,
      Random random) {
    this.groups = groups;
    this.dropWhenBlocked = dropWhenBlocked;
    this.warm = warm;
    this.frames = new byte[count][];
    this.due = new long[count];
    this.refused = new boolean[count];
    for (int g = 0; g < groups.size(); g++) {
      groupOfAddress.put(java.nio.ByteBuffer.wrap(groups.get(g).address().toByteArray()), g);
    }
    long[] seeds = random.longs(count).toArray();
    IntStream.range(0, count)
        .parallel()
        .forEach(
            n -> {
              LoadChannel g = groups.get(n % groups.size());
              frames[n] = g.joinFrame(LoadChannel.key(new Random(seeds[n])), n + 1);
            });
    for (int c = 0; c < connections; c++) {
      List<ConcurrentLinkedQueue<Integer>> row = new ArrayList<>();
      for (int g = 0; g < groups.size(); g++) {
        row.add(new ConcurrentLinkedQueue<>());
      }
      waiting.add(row);
    }
    this.sockets =
        Flux.range(0, connections)
            .flatMapSequential(c -> LeanSocket.relay(servers.get(c % servers.size()), handler(c)))
            .collectList()
            .block(Duration.ofMinutes(2));
  }

  private LeanSocket.Handler handler(int c) {
    return (tag, corr, frame, body) -> {
      long now = System.nanoTime();
      switch (tag) {
        case QUEUED -> {
          int n = (int) corr - 1;
          ackCount.incrementAndGet();
          if (n >= warm) {
            acked.record(due[n], now);
          }
        }
        case JOINED -> {
          Integer g = groupOfAddress.get(addressKey(frame, body));
          if (g == null) {
            return;
          }
          Integer n;
          do {
            n = waiting.get(c).get(g).poll();
          } while (n != null && refused[n]);
          admittedCount.incrementAndGet();
          lastAdmitted.accumulateAndGet(now, Math::max);
          if (n == null) {
            unmatched.incrementAndGet();
          } else if (n >= warm) {
            admitted.record(due[n], now);
          }
        }
        case ERR -> {
          int n = (int) corr - 1;
          if (n >= 0 && n < refused.length) {
            refused[n] = true;
          }
          if (isBusy(frame, body)) {
            busy.incrementAndGet();
          } else {
            errors.incrementAndGet();
          }
        }
        default -> {}
      }
    };
  }

  private static java.nio.ByteBuffer addressKey(ByteBuf frame, int body) {
    byte[] address = new byte[frame.getUnsignedByte(body)];
    frame.getBytes(body + 1, address);
    return java.nio.ByteBuffer.wrap(address);
  }

  private static boolean isBusy(ByteBuf frame, int body) {
    int len = frame.getUnsignedByte(body);
    return len == 4 && frame.getByte(body + 1) == 'B' && frame.getByte(body + 2) == 'U';
  }

  /** Sends join {@code n} now; its due time is {@code dueNanos}. */
  void send(int n, long dueNanos) {
    due[n] = dueNanos;
    int c = n % sockets.size();
    if (dropWhenBlocked && !sockets.get(c).isWritable()) {
      blocked.incrementAndGet();
      return;
    }
    waiting.get(c).get(n % groups.size()).add(n);
    sockets.get(c).send(frames[n]);
  }

  int count() {
    return frames.length;
  }

  /**
   * Sends every join at a constant arrival rate from {@code startNanos}, each when due (and
   * measured from then); returns the schedule once the last is sent.
   */
  Pacer sendAt(double rate, long startNanos) {
    Pacer pacer = new Pacer(rate, startNanos);
    pacer.run(count(), n -> send((int) n, pacer.due(n)));
    return pacer;
  }

  /** Waits until every join sent is answered (admitted or refused) or {@code timeout} passes. */
  void drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline
        && admittedCount.get() + busy.get() + errors.get() < frames.length) {
      Admitter.sleep(50);
    }
    Admitter.sleep(200);
  }

  @Override
  public void close() {
    sockets.forEach(LeanSocket::close);
  }
}
