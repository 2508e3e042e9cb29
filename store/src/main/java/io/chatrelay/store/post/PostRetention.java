package io.chatrelay.store.post;

import io.chatrelay.store.StoreException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which posts to keep: at most the latest {@code maxCount} per group, and none older than {@code
 * maxAge}. Either bound may be absent; sequence numbers are never reused after a delete.
 *
 * @throws StoreException of kind {@code INVALID_ARGUMENT} for a negative bound or no bound at all
 */
public record PostRetention(OptionalLong maxCount, Optional<Duration> maxAge) {
  public PostRetention {
    if (maxCount == null || maxAge == null) {
      throw StoreException.invalid("retention bounds must not be null");
    }
    if (maxCount.isEmpty() && maxAge.isEmpty()) {
      throw StoreException.invalid("retention needs a count or an age bound");
    }
    if (maxCount.isPresent() && maxCount.getAsLong() < 0) {
      throw StoreException.invalid("retention count must not be negative");
    }
    if (maxAge.isPresent() && maxAge.get().isNegative()) {
      throw StoreException.invalid("retention age must not be negative");
    }
  }

  public static PostRetention keepLatest(long count) {
    return new PostRetention(OptionalLong.of(count), Optional.empty());
  }

  public static PostRetention maxAge(Duration age) {
    return new PostRetention(OptionalLong.empty(), Optional.of(age));
  }
}
