package io.chatrelay.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.SignatureCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class CheckLanesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private CheckLanes lanes = new CheckLanes("test-lanes", 1);

  /** Replaces {@link #lanes} with one that checks signatures with {@code verifier}. */
  private void checkWith(CheckLanes.Verifier verifier) {
    lanes.close();
    lanes = new CheckLanes("test-lanes", 1, verifier);
  }

  @AfterEach
  void tearDown() {
    lanes.close();
  }

  /** Occupies the only thread until the returned latch is counted down. */
  private CountDownLatch occupy() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    lanes
        .run(
            "blocker",
            () -> {
              started.countDown();
              return release.await(10, TimeUnit.SECONDS);
            })
        .subscribe();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    return release;
  }

  @Test
  void aCheckOfAnotherLaneDoesNotWaitBehindAFloodedLane() throws Exception {
    CountDownLatch release = occupy();
    List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
    // Queued when subscribed, in this order: the flood first, the quiet group's check last.
    List<Mono<String>> started = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String name = "flood-" + i;
      started.add(lanes.run("flooded", () -> record(order, name)).cache());
    }
    started.add(lanes.run("quiet", () -> record(order, "quiet")).cache());
    started.forEach(Mono::subscribe);
    assertThat(lanes.waiting()).isEqualTo(101);
    release.countDown();
    Flux.merge(started).blockLast(TIMEOUT);
    assertThat(order).hasSize(101);
    // The lanes take turns: the quiet check runs second, not after the hundred before it.
    assertThat(order.indexOf("quiet")).isEqualTo(1);
    // Within a lane, checks keep their order.
    assertThat(order.stream().filter(s -> s.startsWith("flood-")).toList())
        .isEqualTo(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "flood-" + i).toList());
  }

  private static String record(List<String> order, String name) {
    order.add(name);
    return name;
  }

  @Test
  void resultsAndErrorsReachTheSubscriber() {
    assertThat(lanes.run("g", () -> 42).block(TIMEOUT)).isEqualTo(42);
    assertThatThrownBy(
            () ->
                lanes
                    .run(
                        "g",
                        () -> {
                          throw new IllegalArgumentException("bad proof");
                        })
                    .block(TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad proof");
  }

  @Test
  void aCheckCancelledBeforeItStartsIsSkipped() throws Exception {
    CountDownLatch release = occupy();
    AtomicBoolean ran = new AtomicBoolean();
    Disposable d =
        lanes
            .run(
                "g",
                () -> {
                  ran.set(true);
                  return true;
                })
            .subscribe();
    d.dispose();
    release.countDown();
    // A later check of the same lane runs after the cancelled one would have.
    assertThat(lanes.run("g", () -> true).block(TIMEOUT)).isTrue();
    assertThat(ran).isFalse();
  }

  @Test
  void closingFailsWaitingChecksAndRefusesNewOnes() throws Exception {
    CountDownLatch release = occupy();
    Mono<Boolean> waiting = lanes.run("g", () -> true).cache();
    waiting.subscribe(v -> {}, e -> {});
    lanes.close();
    release.countDown();
    assertThatThrownBy(() -> waiting.block(TIMEOUT)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> lanes.run("g", () -> true).block(TIMEOUT))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBatchCheckThatThrowsCountsAsFailedAndEachIsCheckedAlone() throws Exception {
    checkWith(batchThrowing(new IllegalStateException("a fault in the batch check")));
    CountDownLatch release = occupy();
    List<Mono<Boolean>> good = queue("good", 5, true);
    List<Mono<Boolean>> bad = queue("bad", 1, false);
    release.countDown();
    assertThat(results(good)).containsOnly(true).hasSize(5);
    assertThat(results(bad)).containsExactly(false);
    assertThat(lanes.failedBatches()).isEqualTo(1);
    assertThat(lanes.signaturesCheckedAlone()).isEqualTo(6);
    assertThat(lanes.signaturesCheckedInBatches()).isZero();
    // The thread serves on.
    assertThat(lanes.verify("good", () -> signature(true)).block(TIMEOUT)).isTrue();
  }

  @Test
  void aCheckAloneThatThrowsIsThatChecksErrorAndTheThreadServesOn() {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    checkWith(
        new CheckLanes.Verifier() {
          @Override
          public boolean together(List<SignatureCheck> checks) {
            return false;
          }

          @Override
          public boolean alone(SignatureCheck check) {
            if (calls.getAndIncrement() == 0) {
              throw new IllegalStateException("a fault in the check alone");
            }
            return check.verifyAlone();
          }
        });
    assertThatThrownBy(() -> lanes.verify("g", () -> signature(true)).block(TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a fault in the check alone");
    assertThat(lanes.verify("g", () -> signature(true)).block(TIMEOUT)).isTrue();
    assertThat(lanes.verify("g", () -> signature(false)).block(TIMEOUT)).isFalse();
  }

  @Test
  void anErrorWhileCheckingReachesEveryCheckTakenAndTheThreadServesOn() throws Exception {
    checkWith(batchThrowing(new AssertionError("an error in the batch check")));
    CountDownLatch release = occupy();
    List<Mono<Boolean>> taken = queue("g", 4, true);
    release.countDown();
    for (Mono<Boolean> check : taken) {
      // block() wraps an Error; the subscriber gets it as is.
      assertThatThrownBy(() -> check.block(TIMEOUT))
          .hasRootCauseInstanceOf(AssertionError.class)
          .hasRootCauseMessage("an error in the batch check");
    }
    assertThat(lanes.verify("g", () -> signature(true)).block(TIMEOUT)).isTrue();
  }

  /** Checks signatures alone as the relay does; a batch check throws {@code fault}. */
  private static CheckLanes.Verifier batchThrowing(Throwable fault) {
    return new CheckLanes.Verifier() {
      @Override
      public boolean together(List<SignatureCheck> checks) {
        if (fault instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) fault;
      }

      @Override
      public boolean alone(SignatureCheck check) {
        return check.verifyAlone();
      }
    };
  }

  private static final java.util.Random RANDOM = new java.util.Random(7);

  private static SignatureCheck signature(boolean valid) {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    Ed25519KeyPair k = Ed25519KeyPair.fromSeed(seed);
    byte[] m = new byte[64];
    RANDOM.nextBytes(m);
    byte[] sig = k.sign(m);
    if (!valid) {
      m[0] ^= 1;
    }
    return new SignatureCheck(k.publicKey(), m, sig);
  }

  /** Queues {@code n} signature checks in {@code lane}; the results, in order, once run. */
  private List<Mono<Boolean>> queue(String lane, int n, boolean valid) {
    List<Mono<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SignatureCheck check = signature(valid);
      Mono<Boolean> r = lanes.verify(lane, () -> check).cache();
      r.subscribe(v -> {}, e -> {});
      results.add(r);
    }
    return results;
  }

  private static List<Boolean> results(List<Mono<Boolean>> checks) {
    return checks.stream().map(m -> m.block(TIMEOUT)).toList();
  }

  @Test
  void signatureChecksWaitingTogetherAreCheckedAsOneBatch() throws Exception {
    CountDownLatch release = occupy();
    List<Mono<Boolean>> a = queue("a", 12, true);
    List<Mono<Boolean>> b = queue("b", 8, true);
    release.countDown();
    assertThat(results(a)).containsOnly(true).hasSize(12);
    assertThat(results(b)).containsOnly(true).hasSize(8);
    assertThat(lanes.signaturesCheckedInBatches()).isEqualTo(20);
    assertThat(lanes.batchesHeld()).as("batches: all twenty waited together").isEqualTo(1);
    assertThat(lanes.signaturesCheckedAlone()).isZero();
    assertThat(lanes.failedBatches()).isZero();
  }

  @Test
  void aLoneSignatureCheckIsMadeAloneAndInvalidInputIsFalse() {
    assertThat(lanes.verify("g", () -> signature(true)).block(TIMEOUT)).isTrue();
    assertThat(lanes.verify("g", () -> signature(false)).block(TIMEOUT)).isFalse();
    assertThat(lanes.verify("g", () -> null).block(TIMEOUT)).isFalse();
    assertThatThrownBy(
            () ->
                lanes
                    .verify(
                        "g",
                        () -> {
                          throw new IllegalArgumentException("not a key");
                        })
                    .block(TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(lanes.signaturesCheckedAlone()).isEqualTo(2);
    assertThat(lanes.signaturesCheckedInBatches()).isZero();
  }

  @Test
  void aBadSignatureInABatchIsFoundAndItsLaneIsThenCheckedAlone() throws Exception {
    CountDownLatch release = occupy();
    List<Mono<Boolean>> good = queue("good", 10, true);
    List<Mono<Boolean>> bad = queue("flooder", 1, false);
    List<Mono<Boolean>> goodAgain = queue("good", 5, true);
    release.countDown();
    assertThat(results(good)).containsOnly(true);
    assertThat(results(bad)).containsExactly(false);
    assertThat(results(goodAgain)).containsOnly(true);
    // One batch of all sixteen failed; each was checked again alone.
    assertThat(lanes.failedBatches()).isEqualTo(1);
    assertThat(lanes.signaturesCheckedAlone()).isEqualTo(16);

    // The flooder's lane is suspect: its next checks are made alone, the others' together.
    release = occupy();
    List<Mono<Boolean>> flooder = queue("flooder", 6, false);
    List<Mono<Boolean>> others = queue("good", 6, true);
    release.countDown();
    assertThat(results(flooder)).containsOnly(false).hasSize(6);
    assertThat(results(others)).containsOnly(true).hasSize(6);
    assertThat(lanes.failedBatches()).isEqualTo(1);
    assertThat(lanes.signaturesCheckedInBatches()).isEqualTo(6);
    assertThat(lanes.batchesHeld()).as("a failed batch is not counted as held").isEqualTo(1);
    assertThat(lanes.signaturesCheckedAlone()).isEqualTo(16 + 6);
  }
}
