package io.chatrelay.server.join;

import io.chatrelay.server.metrics.RelayMetrics;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.join.Admission;
import io.chatrelay.store.join.PendingJoin;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Admits queued joins in the background: each worker claims a batch of claimable joins (groups
 * whose address is validated and that are not suspended) with a lease, admits the members in one
 * transaction, and reports each admission.
 *
 * <p>Crash safety comes from the store: a join stays in the queue until a completion commits while
 * its claim is current, and admission is idempotent per group and member key; a worker that dies
 * leaves its claims to be taken again when the lease ends. Workers wake on every committed intake
 * batch and otherwise poll.
 */
public final class JoinWorkers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JoinWorkers.class);
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration POLL = Duration.ofMillis(200);
  static final int BATCH = 256;

  private final RelayStore store;
  private final RelayMetrics metrics;
  private final String instance;
  private final Consumer<Admission> onAdmitted;
  private final Sinks.Many<Long> wake = Sinks.many().multicast().directBestEffort();
  private final Disposable.Composite workers = Disposables.composite();
  private final java.util.List<String> owners = new java.util.ArrayList<>();

  public JoinWorkers(
      RelayStore store,
      RelayMetrics metrics,
      String instance,
      int count,
      Consumer<Admission> onAdmitted) {
    this.store = store;
    this.metrics = metrics;
    this.instance = instance;
    this.onAdmitted = onAdmitted;
    for (int i = 0; i < count; i++) {
      String owner = instance + "/w" + i;
      owners.add(owner);
      workers.add(
          Flux.merge(Flux.interval(POLL), wake.asFlux())
              .onBackpressureDrop()
              .concatMap(tick -> drain(owner), 1)
              .subscribe(null, e -> log.error("{} join worker stopped", owner, e)));
    }
  }

  /** Wakes the workers: new joins were committed. */
  public void wake() {
    wake.tryEmitNext(0L);
  }

  /** Claims and completes batches until none is left. */
  private Mono<Void> drain(String owner) {
    return claimAndComplete(owner)
        .expand(n -> n == BATCH ? claimAndComplete(owner) : Mono.empty())
        .then()
        .onErrorResume(
            e -> {
              if (!(e instanceof io.chatrelay.store.StoreException se
                  && se.kind() == io.chatrelay.store.StoreException.Kind.TRANSIENT)) {
                log.warn(
                    "{} join batch failed, will retry when its lease ends: {}",
                    owner,
                    e.toString());
                return Mono.empty();
              }
              // A deadlock or serialization failure: give the batch back at once rather than
              // hold its joins for a whole lease. If that fails too, the lease still frees them.
              log.warn("{} join batch failed, released for retry: {}", owner, e.toString());
              return store.joins().releaseClaims(owner).onErrorResume(r -> Mono.empty()).then();
            });
  }

  private Mono<Integer> claimAndComplete(String owner) {
    long started = System.nanoTime();
    return store
        .joins()
        .claim(owner, BATCH, LEASE)
        .collectList()
        .flatMap(
            claimed -> {
              if (claimed.isEmpty()) {
                return Mono.just(0);
              }
              return complete(claimed)
                  .doOnSuccess(
                      n ->
                          metrics
                              .storeLatency("join_admit")
                              .record(Duration.ofNanos(System.nanoTime() - started)))
                  .thenReturn(claimed.size());
            });
  }

  private Mono<Void> complete(List<PendingJoin> claimed) {
    return store
        .joins()
        .complete(claimed)
        .doOnNext(
            a -> {
              metrics
                  .counter("relay.joins.admitted", "member", a.newMember() ? "new" : "existing")
                  .increment();
              onAdmitted.accept(a);
            })
        .then();
  }

  public String instance() {
    return instance;
  }

  /**
   * Stops the workers and gives back the joins they hold, so another process (or this relay after a
   * restart) claims them at once. A join whose completion was in flight is either committed (then
   * it is no longer pending and not released) or not (then it is released).
   */
  @Override
  public void close() {
    workers.dispose();
    reactor.core.publisher.Flux.fromIterable(owners)
        .concatMap(o -> store.joins().releaseClaims(o))
        .onErrorResume(e -> Mono.empty())
        .blockLast(Duration.ofSeconds(5));
  }
}
