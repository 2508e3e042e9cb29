package io.chatrelay.load;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Constant arrival rate on one thread: operation {@code n} is due at {@code start + n / rate}. When
 * the sender falls behind it sends what is due at once (each still measured from its own due time)
 * rather than stretching the schedule.
 */
public final class Pacer {
  private final double ratePerSecond;
  private final long start;

  public Pacer(double ratePerSecond, long startNanos) {
    this.ratePerSecond = ratePerSecond;
    this.start = startNanos;
  }

  public long due(long n) {
    return start + (long) (n * 1_000_000_000.0 / ratePerSecond);
  }

  /** Calls {@code op} with 0..count-1, each at its due time; returns when all are sent. */
  public void run(long count, LongConsumer op) {
    for (long n = 0; n < count; n++) {
      long wait = due(n) - System.nanoTime();
      if (wait > 20_000) {
        LockSupport.parkNanos(wait);
      }
      op.accept(n);
    }
  }
}
