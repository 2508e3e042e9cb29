package io.chatrelay.server.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.server.join.JoinIntake.Batch;
import io.chatrelay.server.join.JoinIntake.Task;
import java.util.Collections;
import java.util.List;
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
}
