package io.chatrelay.server.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class RelaySessionTest {
  private final RelaySession session =
      new RelaySession("c", "test", 1024, new EmbeddedChannel(), n -> {}, () -> {});

  @Test
  void aBusyAnswerHoldsTheConnectionForItsRetryDelay() {
    long readAt = System.nanoTime();
    StepVerifier.withVirtualTime(() -> session.holdOff(readAt, 250))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(249))
        .thenAwait(Duration.ofMillis(1))
        .verifyComplete();
  }

  @Test
  void framesTakenInDuringAHoldDoNotHoldAgainButLaterOnesDo() {
    long first = System.nanoTime();
    StepVerifier.withVirtualTime(() -> session.holdOff(first, 10_000))
        .thenAwait(Duration.ofSeconds(10))
        .verifyComplete();
    // Read within the hold just set (pipelined behind the first): answered at once.
    StepVerifier.create(session.holdOff(first + 1, 10_000)).expectComplete().verify(Duration.ZERO);
    // Read after the hold's end: held again.
    long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(11);
    StepVerifier.withVirtualTime(() -> session.holdOff(later, 100))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(99))
        .thenAwait(Duration.ofMillis(1))
        .verifyComplete();
  }

  @Test
  void noRetryDelayNoHold() {
    StepVerifier.create(session.holdOff(System.nanoTime(), 0))
        .expectComplete()
        .verify(Duration.ZERO);
  }
}
