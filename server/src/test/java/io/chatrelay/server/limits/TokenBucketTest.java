package io.chatrelay.server.limits;

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
    // The next token is 100 ms away, but a refused sender waits at least MIN_RETRY_MS.
    assertThat(b.tryTake(t)).isEqualTo(TokenBucket.MIN_RETRY_MS);
    assertThat(new TokenBucket(1, t).tryTake(t)).isZero();
    t += 100_000_000L; // 100 ms: one token back
    assertThat(b.tryTake(t)).isZero();
    assertThat(b.tryTake(t)).isPositive();
    t += 10_000_000_000L; // a long idle time: capped at one second of burst
    for (int i = 0; i < 10; i++) {
      assertThat(b.tryTake(t)).isZero();
    }
    assertThat(b.tryTake(t)).isPositive();
  }

  @Test
  void aSlowRateWaitsUntilItsNextToken() {
    TokenBucket b = new TokenBucket(1, 0);
    assertThat(b.tryTake(0)).isZero();
    assertThat(b.tryTake(0)).isEqualTo(1000);
    assertThat(b.tryTake(400_000_000L)).isEqualTo(600);
  }
}
