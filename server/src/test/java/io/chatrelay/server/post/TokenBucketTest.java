package io.chatrelay.server.post;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  @Test
  void allowsTheRateWithOneSecondOfBurstThenSaysHowLongToWait() {
    long t = 0;
    TokenBucket b = new TokenBucket(10, t);
    for (int i = 0; i < 10; i++) {
      assertThat(b.tryTake(t)).isZero();
    }
    long wait = b.tryTake(t);
    assertThat(wait).isBetween(1L, 100L);
    t += 100_000_000L; // 100 ms: one token back
    assertThat(b.tryTake(t)).isZero();
    assertThat(b.tryTake(t)).isPositive();
    t += 10_000_000_000L; // a long idle time: capped at one second of burst
    for (int i = 0; i < 10; i++) {
      assertThat(b.tryTake(t)).isZero();
    }
    assertThat(b.tryTake(t)).isPositive();
  }
}
