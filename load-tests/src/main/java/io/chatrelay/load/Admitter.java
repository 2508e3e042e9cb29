package io.chatrelay.load;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.link.SmpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;

/**
 * Admits members to a channel as fast as the relay takes them, for the scenarios that need
 * subscribers: a window of joins in flight, a join that meets "busy" sent again.
 */
public final class Admitter {
  private Admitter() {}

  /** Fresh member keys, admitted to {@code channel}; spreads joins over the given servers. */
  public static List<Ed25519KeyPair> admit(
      List<SmpServer> servers, LoadChannel channel, int count, Random random) {
    List<Ed25519KeyPair> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(LoadChannel.key(random));
    }
    byte[][] frames = new byte[count][];
    IntStream.range(0, count)
        .parallel()
        .forEach(i -> frames[i] = channel.joinFrame(keys.get(i), i + 1));
    Semaphore window = new Semaphore(2000);
    AtomicLong joined = new AtomicLong();
    ConcurrentLinkedQueue<Long> retry = new ConcurrentLinkedQueue<>();
    LeanSocket.Handler handler =
        (tag, corr, frame, body) -> {
          if (tag == LeanSocket.Tag.JOINED) {
            joined.incrementAndGet();
            window.release();
          } else if (tag == LeanSocket.Tag.ERR && corr > 0) {
            retry.add(corr);
            window.release();
          }
        };
    List<LeanSocket> sockets =
        Flux.range(0, 8)
            .flatMap(i -> LeanSocket.relay(servers.get(i % servers.size()), handler))
            .collectList()
            .block();
    try {
      long next = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (joined.get() < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + joined.get() + " of " + count + " members admitted in 10 minutes");
        }
        Long again = retry.poll();
        long n;
        if (again != null) {
          n = again;
          sleep(20);
        } else if (next < count) {
          n = ++next;
        } else {
          sleep(10);
          continue;
        }
        window.acquireUninterruptibly();
        sockets.get((int) (n % sockets.size())).send(frames[(int) n - 1]);
      }
    } finally {
      sockets.forEach(LeanSocket::close);
    }
    return keys;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
