package io.chatrelay.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadBudgetTest {
  @Test
  void framesAreTakenInWhileTheyFitThenWaitForRoom() {
    ReadBudget budget = new ReadBudget(100);
    assertThat(taken(budget, 60)).isTrue();
    assertThat(taken(budget, 40)).isTrue();
    AtomicBoolean third = new AtomicBoolean();
    budget.take(30).subscribe(v -> {}, e -> {}, () -> third.set(true));
    assertThat(third).isFalse();
    budget.give(40);
    // 60 + 30 fits again: the waiting frame is taken in.
    assertThat(third).isTrue();
  }

  @Test
  void aFrameLargerThanTheBudgetIsTakenInAloneAndNothingBesideIt() {
    ReadBudget budget = new ReadBudget(100);
    assertThat(taken(budget, 500)).isTrue();
    AtomicBoolean next = new AtomicBoolean();
    budget.take(1).subscribe(v -> {}, e -> {}, () -> next.set(true));
    assertThat(next).isFalse();
    budget.give(500);
    assertThat(next).isTrue();
  }

  private static boolean taken(ReadBudget budget, long bytes) {
    AtomicBoolean done = new AtomicBoolean();
    budget.take(bytes).subscribe(v -> {}, e -> {}, () -> done.set(true));
    return done.get();
  }
}
