package io.chatrelay.server.stream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Stored items from a sequence number, then live ones: no gap and no duplicate at the seam.
 *
 * <p>How: the live stream is subscribed first, into a bounded buffer; then stored items are read
 * page by page from {@code from}, as fast as the reader demands (so a slow reader of history costs
 * no memory); then the buffered and later live items follow. Items whose sequence number was
 * already emitted are skipped; if a live item is ahead of the next expected number (it was
 * published before this reader's last page was read, or a publisher dropped one), the missing range
 * is read from the store first. Everything is therefore emitted once, in sequence order.
 *
 * <p>Slow reader: while history streams, live items wait in a buffer of {@code liveBuffer}; if it
 * overflows, the stream fails with an overflow error, and the reader resumes from its last sequence
 * number (the store still has everything).
 */
public final class CatchUp {
  private CatchUp() {}

  /**
   * @param page stored items with sequence number {@code >= n}, ascending, at most {@code pageSize}
   *     of them
   * @param live items published from now on, ascending by sequence number
   * @param seq an item's sequence number
   * @param from the first sequence number wanted (1 for everything)
   */
  public static <T> Flux<T> stream(
      LongFunction<Flux<T>> page,
      int pageSize,
      Flux<T> live,
      ToLongFunction<T> seq,
      long from,
      int liveBuffer) {
    return Flux.defer(
        () -> {
          AtomicLong next = new AtomicLong(Math.max(1, from));
          // Live items wait here while history streams; overflow ends the stream with an error
          // after what the buffer holds (the reader resumes from its last sequence number).
          // (Counted here: Reactor's bounded queues round their capacity up.)
          Sinks.Many<T> buffer =
              Sinks.many().unicast().onBackpressureBuffer(Queues.<T>unboundedMultiproducer().get());
          AtomicInteger waiting = new AtomicInteger();
          Disposable liveSubscription =
              live.subscribe(
                  t -> {
                    if (waiting.incrementAndGet() > liveBuffer) {
                      buffer.tryEmitError(
                          Exceptions.failWithOverflow("live buffer of " + liveBuffer + " full"));
                    } else {
                      buffer.tryEmitNext(t);
                    }
                  },
                  buffer::tryEmitError,
                  buffer::tryEmitComplete);
          AtomicReference<Disposable> liveConnection = new AtomicReference<>(liveSubscription);
          Flux<T> buffered = buffer.asFlux().doOnNext(t -> waiting.decrementAndGet());
          Flux<T> stored = pages(page, pageSize, seq, next, Long.MAX_VALUE);
          Flux<T> liveInOrder =
              buffered.concatMap(
                  t -> {
                    long s = seq.applyAsLong(t);
                    if (s < next.get()) {
                      return Flux.empty();
                    }
                    Flux<T> gap =
                        s > next.get() ? pages(page, pageSize, seq, next, s) : Flux.empty();
                    return gap.concatWith(
                        Flux.defer(
                            () -> {
                              if (s < next.get()) {
                                return Flux.empty();
                              }
                              next.set(s + 1);
                              return Flux.just(t);
                            }));
                  });
          return Flux.concat(stored, liveInOrder)
              .doFinally(
                  signal -> {
                    Disposable d = liveConnection.get();
                    if (d != null) {
                      d.dispose();
                    }
                  });
        });
  }

  /** Stored items from {@code next} up to (excluding) {@code until}, page by page. */
  private static <T> Flux<T> pages(
      LongFunction<Flux<T>> page,
      int pageSize,
      ToLongFunction<T> seq,
      AtomicLong next,
      long until) {
    AtomicInteger count = new AtomicInteger();
    return Flux.defer(
            () -> {
              count.set(0);
              return page.apply(next.get())
                  .takeWhile(t -> seq.applyAsLong(t) < until)
                  .filter(t -> seq.applyAsLong(t) >= next.get())
                  .doOnNext(
                      t -> {
                        count.incrementAndGet();
                        next.set(seq.applyAsLong(t) + 1);
                      });
            })
        .repeat(() -> count.get() >= pageSize && next.get() < until);
  }
}
