package io.chatrelay.store.join;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;
import java.time.Duration;

/**
 * How failed joins are retried: attempt {@code n} that fails waits {@code initialBackoff *
 * 2^(n-1)}, at most {@code maxBackoff}; the failure of attempt {@code maxAttempts} parks the join
 * with its reason.
 *
 * @param maxAttempts attempts before parking, 1..1000
 * @param initialBackoff wait after the first failure, 1 ms .. 1 day
 * @param maxBackoff longest wait, at least {@code initialBackoff}, at most 1 day
 * @throws StoreException of kind {@code INVALID_ARGUMENT} when out of range
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  private static final Duration DAY = Duration.ofDays(1);

  /** Five attempts, one second doubling up to one minute. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1));

  public RetryPolicy {
    Checks.range(maxAttempts, 1, 1000, "max attempts");
    Checks.required(initialBackoff, "initial backoff");
    Checks.required(maxBackoff, "max backoff");
    if (initialBackoff.toMillis() < 1 || initialBackoff.compareTo(DAY) > 0) {
      throw StoreException.invalid("initial backoff must be 1 ms .. 1 day");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0 || maxBackoff.compareTo(DAY) > 0) {
      throw StoreException.invalid("max backoff must be initial backoff .. 1 day");
    }
  }

  /** The wait after failed attempt {@code attempt} (from 1), as the database computes it. */
  public Duration backoffAfter(int attempt) {
    long factor = 1L << Math.min(Math.max(attempt - 1, 0), 30);
    long millis = initialBackoff.toMillis() * factor;
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
