package io.chatrelay.client.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
  /** Each failure in a row waits within [d/2, d], d doubling from 2 s up to 30 s. */
  @RepeatedTest(20)
  void theWaitDoublesWithEachFailureUpToTheCapWithinItsJitter() {
    long seed = System.nanoTime();
    System.out.println("BackoffTest seed " + seed);
    Random random = new Random(seed);
    long[] ceilings = {2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000};
    for (int n = 1; n <= ceilings.length; n++) {
      long d = ceilings[n - 1];
      assertThat(Backoff.delay(n, random).toMillis()).as("failure %d", n).isBetween(d / 2, d);
    }
    assertThat(Backoff.delay(1_000, random)).isBetween(Duration.ofSeconds(15), Backoff.CAP);
  }

  /** Readers cut together come back spread over the range, not in one instant. */
  @Test
  void manyReadersWaitDifferentTimes() {
    Random random = new Random(11);
    Set<Duration> waits = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      waits.add(Backoff.delay(1, random));
    }
    assertThat(waits).hasSizeGreaterThan(500);
  }

  @Test
  void failuresInARowStartAtOne() {
    assertThatThrownBy(() -> Backoff.delay(0, new Random(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
