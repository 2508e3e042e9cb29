package io.chatrelay.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class CatchUpTest {
  /** A store whose items 1..n exist; pages of at most {@code size}. */
  private static Flux<Long> page(List<Long> store, long from, int size) {
    return Flux.fromIterable(store).filter(s -> s >= from).take(size);
  }

  @Test
  void storedThenLiveWithoutGapOrDuplicateAtTheSeam() {
    List<Long> store = new CopyOnWriteArrayList<>();
    for (long s = 1; s <= 10; s++) {
      store.add(s);
    }
    Sinks.Many<Long> live = Sinks.many().multicast().directBestEffort();
    Flux<Long> stream = CatchUp.stream(f -> page(store, f, 3), 3, live.asFlux(), s -> s, 4, 100);
    StepVerifier.create(stream)
        .then(
            () -> {
              // 11 is published live while history is read (and is also in the store).
              store.add(11L);
              live.tryEmitNext(11L);
            })
        .expectNext(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L)
        .then(
            () -> {
              // A duplicate and a gap: 11 again, then 13 before 12 was seen live.
              live.tryEmitNext(11L);
              store.add(12L);
              store.add(13L);
              live.tryEmitNext(13L);
              live.tryEmitNext(12L);
            })
        .expectNext(12L, 13L)
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    assertThat(live.currentSubscriberCount()).isZero();
  }

  @Test
  void aLiveBufferOverflowWhileCatchingUpFails() {
    List<Long> store = List.of(1L, 2L, 3L);
    Sinks.Many<Long> live = Sinks.many().multicast().directBestEffort();
    Flux<Long> stream = CatchUp.stream(f -> page(store, f, 1), 1, live.asFlux(), s -> s, 1, 2);
    StepVerifier.create(stream, 0)
        .then(
            () -> {
              for (long s = 100; s < 110; s++) {
                live.tryEmitNext(s);
              }
            })
        .thenRequest(10)
        // History is still served (the store has it), then what the buffer kept; then the
        // overflow ends the stream (the reader resumes from its last sequence number).
        .expectNext(1L, 2L, 3L)
        .thenConsumeWhile(s -> s >= 100 && s < 110)
        .expectError()
        .verify(Duration.ofSeconds(5));
  }
}
