package io.chatrelay.client.transport;

import java.time.Duration;
import java.util.Random;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Retries a request that a relay refused retryably ({@code BUSY}, {@code UNAVAILABLE}: a {@link
 * RelayException} with a retry delay) after the delay the relay asked for; any other failure, or
 * the last refusal, is passed on. For requests that are safe to send again (a join is idempotent
 * per member key, a post per post id).
 */
public final class AskedRetry {
  private AskedRetry() {}

  /** At most {@code times} retries, each after the delay the relay's refusal named. */
  public static Retry upTo(int times) {
    return Retry.from(
        signals ->
            signals.concatMap(
                s -> {
                  if (s.totalRetries() < times
                      && s.failure() instanceof RelayException r
                      && r.retryable()) {
                    return Mono.delay(Duration.ofMillis(r.retryAfterMs()));
                  }
                  return Mono.error(s.failure());
                }));
  }

  /**
   * Retries for as long as the delays waited add up to at most {@code patience}. Each delay is the
   * one the relay asked for, stretched by up to half again at random: members refused together (a
   * crowd joining a channel at its launch, over the group's join rate) then come back spread out,
   * not together, and each finds the rate's next tokens rather than another refusal.
   */
  public static Retry within(Duration patience, Random random) {
    long budgetMs = patience.toMillis();
    return Retry.from(
        signals -> {
          long[] waitedMs = {0};
          return signals.concatMap(
              s -> {
                if (s.failure() instanceof RelayException r && r.retryable()) {
                  long asked = r.retryAfterMs();
                  long delay = asked + (long) (random.nextDouble() * asked / 2);
                  if (waitedMs[0] + delay <= budgetMs) {
                    waitedMs[0] += delay;
                    return Mono.delay(Duration.ofMillis(delay));
                  }
                }
                return Mono.error(s.failure());
              });
        });
  }
}
