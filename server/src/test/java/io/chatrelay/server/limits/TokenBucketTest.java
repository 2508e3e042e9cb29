package io.chatrelay.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long MS = 1_000_000L;
  private static final Duration BURST = Duration.ofMillis(100);
  private static final Duration RETRY = Duration.ofMillis(100);

  @Test
  void allowsTheRateWithItsBurstThenSaysHowLongToWait() {
    long t = 0;
    TokenBucket b = new TokenBucket(100, BURST, RETRY, t); // 10 tokens stored
    for (int i = 0; i < 10; i++) {
      assertThat(b.tryTake(t)).isZero();
    }
    // The next token is 10 ms away, but a refused sender waits at least the shortest wait.
    assertThat(b.tryTake(t)).isEqualTo(RETRY.toMillis());
    t += 10 * MS; // one token back
    assertThat(b.tryTake(t)).isZero();
    assertThat(b.tryTake(t)).isPositive();
    t += 10_000 * MS; // a long idle time: capped at the burst
    for (int i = 0; i < 10; i++) {
      assertThat(b.tryTake(t)).isZero();
    }
    assertThat(b.tryTake(t)).isPositive();
  }

  @Test
  void theRateIsKeptOverTimeWhateverTheBurst() {
    TokenBucket b = new TokenBucket(2_000, BURST, RETRY, 0);
    int taken = 0;
    // A sender that comes back whenever told to, for 10 s: 2,000 a second, plus the first burst.
    long t = 0;
    while (t < 10_000 * MS) {
      long wait = b.tryTake(t);
      if (wait == 0) {
        taken++;
      } else {
        t += wait * MS;
      }
    }
    assertThat(taken).isBetween(20_000, 20_000 + 200 + 1);
  }

  @Test
  void aSlowRateStoresOneTokenAndWaitsUntilItsNext() {
    assertThat(new TokenBucket(1, BURST, RETRY, 0).tryTake(0)).isZero();
    TokenBucket b = new TokenBucket(1, BURST, RETRY, 0);
    assertThat(b.tryTake(0)).isZero();
    assertThat(b.tryTake(0)).isEqualTo(1000);
    assertThat(b.tryTake(400 * MS)).isEqualTo(600);
  }
}
