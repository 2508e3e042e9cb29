package io.chatrelay.server.post;

/**
 * A rate limit: {@code rate} tokens per second, up to {@code rate} stored (one second of burst).
 * Thread-safe; {@link #tryTake} returns 0 when a token was taken, else the milliseconds until one
 * will be available.
 */
public final class TokenBucket {
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
    return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1e6));
  }
}
