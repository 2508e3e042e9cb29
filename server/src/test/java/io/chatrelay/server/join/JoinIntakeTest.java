package io.chatrelay.server.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.server.join.JoinIntake.Batch;
import io.chatrelay.server.join.JoinIntake.Task;
import io.chatrelay.server.metrics.RelayMetrics;
import io.chatrelay.store.join.JoinRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

class JoinIntakeTest {
  private static Batch batch(int size) {
    return new Batch(Collections.nCopies(size, (Task) null), Sinks.empty());
  }

  private static List<List<Integer>> sizes(List<List<Batch>> writes) {
    return writes.stream().map(w -> w.stream().map(b -> b.tasks().size()).toList()).toList();
  }

  @Test
  void smallBatchesShareOneWriteAndEachLargeOneHasItsOwn() {
    List<Batch> taken =
        List.of(batch(3), batch(256), batch(1), batch(JoinIntake.LARGE_BATCH), batch(5));

    assertThat(sizes(JoinIntake.apart(taken)))
        .containsExactly(List.of(3, 1, 5), List.of(256), List.of(JoinIntake.LARGE_BATCH));
  }

  @Test
  void onlySmallOrOnlyLargeBatches() {
    assertThat(sizes(JoinIntake.apart(List.of(batch(2), batch(7))))).containsExactly(List.of(2, 7));
    assertThat(sizes(JoinIntake.apart(List.of(batch(100), batch(200)))))
        .containsExactly(List.of(100), List.of(200));
  }

  @Test
  void onceDrainedTheIntakeAnswersBusy() {
    try (RelayMetrics metrics = new RelayMetrics();
        JoinIntake intake = new JoinIntake(null, metrics, 10_000, 2_000, 1, groups -> {})) {
      assertThat(intake.drain().block(Duration.ofSeconds(5))).isNull();
      JoinRequest join = new JoinRequest(new byte[32], new byte[32], Optional.empty());
      assertThatThrownBy(() -> intake.submit(Bytes.of(new byte[32]), join))
          .isInstanceOfSatisfying(
              JoinIntake.Busy.class, b -> assertThat(b.retryAfterMs()).isEqualTo(1000));
    }
  }

  @Test
  void aGroupOverItsJoinRateIsTakenInTenthsOfASecondAndWaitsNoLongerThanOne() {
    try (RelayMetrics metrics = new RelayMetrics();
        JoinIntake intake = new JoinIntake(null, metrics, 10_000, 2_000, 1, groups -> {})) {
      Bytes address = Bytes.of(new byte[32]);
      int taken = 0;
      long firstWait = 0;
      for (int i = 0; i < 2_000; i++) {
        long wait = intake.busyFor(address);
        if (wait == 0) {
          taken++;
        } else if (firstWait == 0) {
          firstWait = wait;
        }
      }
      // 200 stored (100 ms of 2,000/s) and what came back meanwhile; a second's burst takes all.
      assertThat(taken).isBetween(200, 1_000);
      assertThat(firstWait).isEqualTo(JoinIntake.RATE_MIN_RETRY.toMillis()).isEqualTo(100);
      // Another group has a bucket of its own.
      assertThat(intake.busyFor(Bytes.of(new byte[] {1}))).isZero();
    }
  }
}
