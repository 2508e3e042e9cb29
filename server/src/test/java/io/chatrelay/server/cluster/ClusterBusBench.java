package io.chatrelay.server.cluster;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Events per second from one bus instance to another, for the ADR on the cluster bus (not a test:
 * run with {@code mvn -B -pl server -am verify -Dit.test=ClusterBusBench -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.includes=**}{@code /ClusterBusBench.java}).
 */
@ExtendWith(TestDatabaseExtension.class)
class ClusterBusBench {
  private static final int EVENTS = 20_000;

  @Test
  void measure(TestDatabase db) throws Exception {
    try (RelayStore a = db.openStore();
        RelayStore b = db.openStore()) {
      run(
          "postgres",
          new PostgresBus(a, Bytes.of(new byte[] {1})),
          new PostgresBus(b, Bytes.of(new byte[] {2})));
    }
    run(
        "nats",
        new NatsBus("nats://127.0.0.1:4222", "bench", Bytes.of(new byte[] {1})),
        new NatsBus("nats://127.0.0.1:4222", "bench", Bytes.of(new byte[] {2})));
  }

  private static void run(String name, ClusterBus from, ClusterBus to) throws Exception {
    CountDownLatch done = new CountDownLatch(EVENTS);
    AtomicLong received = new AtomicLong();
    var sub =
        to.events()
            .subscribe(
                e -> {
                  received.incrementAndGet();
                  done.countDown();
                });
    Bytes group = Bytes.of(new byte[32]);
    long start = System.nanoTime();
    for (int i = 0; i < EVENTS; i++) {
      from.publish(new ClusterEvent.PostsStored(group, i, i));
    }
    boolean all = done.await(120, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "[bus] %s: %d of %d events in %.2f s = %.0f events/s%s%n",
        name,
        received.get(),
        EVENTS,
        seconds,
        received.get() / seconds,
        all ? "" : " (incomplete)");
    sub.dispose();
    from.close();
    to.close();
  }
}
