package io.chatrelay.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.message.ErrorCode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AskedRetryTest {
  private static final long ASKED_MS = 100;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A request refused {@code BUSY} (retry after 100 ms) {@code refusals} times, then answered. */
  private static Mono<String> refusedThenAnswered(int refusals, AtomicInteger calls) {
    return Mono.defer(
        () ->
            calls.incrementAndGet() <= refusals
                ? Mono.error(new RelayException(ErrorCode.BUSY, ASKED_MS, "BUSY: busy"))
                : Mono.just("answered"));
  }

  /** {@link #refusedThenAnswered} retried within {@code patience} (the jitter from seed 7). */
  private static Mono<String> retriedWithin(Duration patience, int refusals, AtomicInteger calls) {
    return refusedThenAnswered(refusals, calls)
        .retryWhen(AskedRetry.within(patience, new Random(7)));
  }

  /** Eight refusals: eight waits of 100 to 150 ms each, within a patience of two seconds. */
  @Test
  void aRefusedRequestIsSentAgainAfterTheAskedDelaysWhileTheyFitThePatience() {
    AtomicInteger calls = new AtomicInteger();
    StepVerifier.withVirtualTime(() -> retriedWithin(Duration.ofSeconds(2), 8, calls))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(8 * ASKED_MS - 1))
        .thenAwait(Duration.ofMillis(8 * ASKED_MS / 2 + 1))
        .expectNext("answered")
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(calls).hasValue(9);
  }

  /**
   * At least 100 ms a wait: no more than ten fit in one second, and the last refusal is passed on.
   */
  @Test
  void theRefusalIsPassedOnOnceTheDelaysWouldExceedThePatience() {
    AtomicInteger calls = new AtomicInteger();
    StepVerifier.withVirtualTime(() -> retriedWithin(Duration.ofSeconds(1), 1_000, calls))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(2))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        RelayException.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.BUSY)))
        .verify(TIMEOUT);
    // 1 s over waits of [100, 150) ms: 6 to 10 retries after the first try.
    assertThat(calls.get()).isBetween(7, 11);
  }

  @Test
  void aRefusalWithoutARetryDelayIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    Mono<String> refused =
        Mono.defer(
            () -> {
              calls.incrementAndGet();
              return Mono.error(
                  new RelayException(ErrorCode.BAD_SIGNATURE, 0, "BAD_SIGNATURE: no"));
            });
    StepVerifier.create(refused.retryWhen(AskedRetry.within(Duration.ofSeconds(60), new Random(7))))
        .expectError(RelayException.class)
        .verify(TIMEOUT);
    assertThat(calls).hasValue(1);
  }

  /** Members refused at the same moment come back at different moments. */
  @Test
  void aCrowdRefusedTogetherComesBackSpreadOver() {
    Random random = new Random(7);
    long[] firstRetryAt = new long[50];
    for (int m = 0; m < firstRetryAt.length; m++) {
      AtomicInteger calls = new AtomicInteger();
      int member = m;
      StepVerifier.withVirtualTime(
              () ->
                  refusedThenAnswered(1, calls)
                      .retryWhen(AskedRetry.within(Duration.ofSeconds(60), random))
                      .elapsed()
                      .doOnNext(t -> firstRetryAt[member] = t.getT1()))
          .expectSubscription()
          .thenAwait(Duration.ofSeconds(1))
          .expectNextCount(1)
          .expectComplete()
          .verify(TIMEOUT);
    }
    assertThat(Arrays.stream(firstRetryAt).boxed())
        .allSatisfy(t -> assertThat(t).isBetween(ASKED_MS, ASKED_MS * 3 / 2));
    assertThat(Arrays.stream(firstRetryAt).distinct().count()).isGreaterThan(25);
  }
}
