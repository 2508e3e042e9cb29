package io.chatrelay.client.member;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a follower waits before reconnecting to a relay that failed: exponential, capped, and
 * jittered. When a relay restarts or cuts many slow readers at once, every member that followed
 * through it reconnects; with a fixed delay they would all come back in the same instant, and again
 * at each failed attempt. Here the n-th failure in a row waits a random time in [d/2, d], where d =
 * min(cap, base · 2<sup>n−1</sup>): the reconnections spread over half of each step, and a relay
 * that stays down is asked less and less often.
 */
final class Backoff {
  static final Duration BASE = Duration.ofSeconds(2);
  static final Duration CAP = Duration.ofSeconds(30);

  private Backoff() {}

  /**
   * The wait after the {@code failures}-th failure in a row (1 for the first).
   *
   * @throws IllegalArgumentException if {@code failures} is below 1
   */
  static Duration delay(int failures, RandomGenerator random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures in a row start at 1: " + failures);
    }
    long step = BASE.toMillis() << Math.min(failures - 1, 16);
    long d = Math.min(CAP.toMillis(), step);
    long half = d / 2;
    return Duration.ofMillis(half + random.nextLong(d - half + 1));
  }
}
