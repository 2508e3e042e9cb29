package io.chatrelay.client.transport;

import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Retries a request that a relay refused retryably ({@code BUSY}, {@code UNAVAILABLE}: a {@link
 * RelayException} with a retry delay) after the delay the relay asked for, a bounded number of
 * times; any other failure, or the last refusal, is passed on. For requests that are safe to send
 * again (a join is idempotent per member key, a post per post id).
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
}
