package io.chatrelay.server.limits;

/**
 * A rate limit: {@code rate} tokens per second, up to {@code rate} stored (one second of burst).
 * Thread-safe; {@link #tryTake} returns 0 when a token was taken, else the milliseconds to wait:
 * until a token is available, and at least {@link #MIN_RETRY_MS}.
 */
public final class TokenBucket {
  /**
   * The shortest wait told to a refused sender: it comes back when a burst has built up, not for
   * the next single token (half a millisecond away at 2,000/s). The relay holds a connection told
   * {@code BUSY} for the wait, so this also bounds how often a flooding connection is read.
   */
  public static final long MIN_RETRY_MS = 250;

  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long last;

  public TokenBucket(int perSecond, long nowNanos) {
    this.ratePerNano = perSecond / 1e9;
    this.capacity = perSecond;
    this.tokens = perSecond;
    this.last = nowNanos;
  }

  public synchronized long tryTake(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - last) * ratePerNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(MIN_RETRY_MS, (long) Math.ceil((1 - tokens) / ratePerNano / 1e6));
  }
}
