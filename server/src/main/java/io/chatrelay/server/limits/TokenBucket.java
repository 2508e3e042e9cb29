package io.chatrelay.server.limits;

import java.time.Duration;

/**
 * A rate limit: {@code rate} tokens per second, up to {@code burst} of them stored (at least one
 * token). Thread-safe; {@link #tryTake} returns 0 when a token was taken, else the milliseconds to
 * wait: until a token is available, and at least {@code minRetry}.
 *
 * <p>The relay holds a connection told {@code BUSY} for its wait, so a sender over the rate comes
 * back once per wait and takes, all at once, what the bucket stored meanwhile: the burst is also
 * the size of the steps in which a flooding sender's requests arrive. The wait should not be longer
 * than the burst, or a sender that comes back when told gets less than the rate.
 */
public final class TokenBucket {
  private final double ratePerNano;
  private final double capacity;
  private final long minRetryMs;
  private double tokens;
  private long last;

  /**
   * @param burst how much of the rate is stored (a second stores {@code perSecond} tokens)
   * @param minRetry the shortest wait told to a refused sender: it comes back when a batch has
   *     built up, not for the next single token (half a millisecond away at 2,000/s); this also
   *     bounds how often a refused connection is read
   */
  public TokenBucket(int perSecond, Duration burst, Duration minRetry, long nowNanos) {
    this.ratePerNano = perSecond / 1e9;
    this.capacity = Math.max(1, perSecond * burst.toNanos() / 1e9);
    this.minRetryMs = minRetry.toMillis();
    this.tokens = capacity;
    this.last = nowNanos;
  }

  public synchronized long tryTake(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - last) * ratePerNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(minRetryMs, (long) Math.ceil((1 - tokens) / ratePerNano / 1e6));
  }
}
