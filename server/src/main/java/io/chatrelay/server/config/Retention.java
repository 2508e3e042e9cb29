package io.chatrelay.server.config;

import java.time.Duration;

/**
 * How long the relay keeps posts: at most {@code maxPostsPerGroup} per group (0: no count bound)
 * and none older than {@code maxAge} ({@link Duration#ZERO}: no age bound). Members who come back
 * after that resume from the oldest post still kept.
 */
public record Retention(long maxPostsPerGroup, Duration maxAge) {
  public Retention {
    if (maxPostsPerGroup < 0 || maxAge.isNegative()) {
      throw new IllegalArgumentException("retention bounds must not be negative");
    }
  }

  public static Retention defaults() {
    return new Retention(100_000, Duration.ofDays(30));
  }

  public boolean keepsEverything() {
    return maxPostsPerGroup == 0 && maxAge.isZero();
  }
}
