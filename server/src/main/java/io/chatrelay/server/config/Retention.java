package io.chatrelay.server.config;

import java.time.Duration;

/**
 * How long the relay keeps what grows without bound. Posts: at most {@code maxPostsPerGroup} per
 * group (0: no count bound) and none older than {@code maxAge} ({@link Duration#ZERO}: no age
 * bound); members who come back after that resume from the oldest post still kept. Admitted join
 * records: deleted {@code admittedJoins} after admission ({@link Duration#ZERO}: kept forever); the
 * members they created stay.
 */
public record Retention(long maxPostsPerGroup, Duration maxAge, Duration admittedJoins) {
  public Retention {
    if (maxPostsPerGroup < 0 || maxAge.isNegative() || admittedJoins.isNegative()) {
      throw new IllegalArgumentException("retention bounds must not be negative");
    }
  }

  public static Retention defaults() {
    return new Retention(100_000, Duration.ofDays(30), Duration.ofDays(7));
  }

  public boolean keepsEveryPost() {
    return maxPostsPerGroup == 0 && maxAge.isZero();
  }

  public boolean keepsEveryAdmittedJoin() {
    return admittedJoins.isZero();
  }
}
