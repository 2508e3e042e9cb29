package io.chatrelay.server.join;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.server.metrics.RelayMetrics;
import io.chatrelay.store.Checks;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.join.Admission;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Admits queued joins in the background: each worker admits a batch of claimable joins (groups
 * whose address is validated and that are not suspended) in one transaction that locks them, marks
 * them admitted and inserts and logs their members, and reports each admission.
 *
 * <p>Crash safety comes from the store: a join stays pending until an admitting transaction
 * commits, and admission is idempotent per group and member key; a worker that dies, or a batch
 * that fails, rolls back and leaves its joins to the next batch. Workers wake on every committed
 * intake batch to admit its groups' joins, and sweep the whole queue on a poll.
 */
public final class JoinWorkers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JoinWorkers.class);
  static final Duration POLL = Duration.ofMillis(200);
  static final int BATCH = 256;

  private final RelayStore store;
  private final RelayMetrics metrics;
  private final Consumer<List<Admission>> onAdmitted;
  private final Function<byte[], Mono<String>> addressOf;
  private final Sinks.Many<Long> wake = Sinks.many().multicast().directBestEffort();
  private final Disposable.Composite workers = Disposables.composite();
  private final Sinks.One<Boolean> stop = Sinks.one();
  private final List<Mono<Void>> stopped = new ArrayList<>();
  private volatile boolean stopping;

  /**
   * Groups with joins committed here and perhaps not yet admitted, in turn: a worker takes the
   * head, admits one batch of that group, and puts it back at the tail if more may wait. A flood on
   * one group then costs every other group at most one batch per turn, instead of its place behind
   * the whole backlog in queue order.
   */
  private final Queue<Bytes> ready = new ConcurrentLinkedQueue<>();

  private final Set<Bytes> readySet = ConcurrentHashMap.newKeySet();

  /**
   * @param instance this process's name, for the workers' names in the log
   * @param onAdmitted told of each committed batch of admissions
   * @param addressOf the address id of a group, for the log (read only at debug level)
   */
  public JoinWorkers(
      RelayStore store,
      RelayMetrics metrics,
      String instance,
      int count,
      Consumer<List<Admission>> onAdmitted,
      Function<byte[], Mono<String>> addressOf) {
    this.store = store;
    this.metrics = metrics;
    this.onAdmitted = onAdmitted;
    this.addressOf = addressOf;
    for (int i = 0; i < count; i++) {
      String worker = instance + "/w" + i;
      Sinks.Empty<Void> done = Sinks.empty();
      stopped.add(done.asMono());
      workers.add(
          Flux.merge(Flux.interval(POLL).map(tick -> true), wake.asFlux().map(w -> false))
              .takeUntilOther(stop.asMono())
              .onBackpressureDrop()
              .concatMap(sweep -> drain(worker, sweep), 1)
              .doFinally(s -> done.tryEmitEmpty())
              .subscribe(null, e -> log.error("{} join worker stopped", worker, e)));
    }
  }

  /** Wakes the workers: new joins were committed. */
  private void wake() {
    wake.tryEmitNext(0L);
  }

  /** Wakes the workers: new joins of these groups were committed. */
  public void wake(Set<Bytes> groups) {
    groups.forEach(this::markReady);
    wake();
  }

  private void markReady(Bytes group) {
    if (readySet.add(group)) {
      ready.add(group);
    }
  }

  /**
   * Admits batches until none is left: the ready groups in turn, then, when {@code sweep} (on the
   * poll tick, not on every wake), whatever the queue holds in queue order (joins held until
   * validation, joins committed by other instances, batches that failed). A failed batch changed
   * nothing; the next poll takes its joins again.
   *
   * <p>Sweeping on every wake cost more than it found: a wake comes with every committed intake
   * batch, and each sweep walks past the joins another worker holds locked (during a one-group
   * flood, 11,000 sweeps admitted 1.6 joins each for 0.8 ms of database time apiece).
   */
  private Mono<Void> drain(String worker, boolean sweep) {
    return next(sweep)
        .expand(n -> n > 0 && !stopping ? next(sweep) : Mono.empty())
        .then()
        .onErrorResume(
            e -> {
              log.warn("{} join batch failed and was rolled back: {}", worker, e.toString());
              return Mono.empty();
            });
  }

  /**
   * One batch: of the next ready group if any, else (when {@code sweep}) from the whole queue; its
   * size, or 0 when there is nothing more to do.
   */
  private Mono<Integer> next(boolean sweep) {
    Bytes group = ready.poll();
    if (group == null) {
      return sweep ? admitNext(null).map(n -> n == BATCH ? n : 0) : Mono.just(0);
    }
    readySet.remove(group);
    return admitNext(group)
        .doOnNext(
            n -> {
              if (n == BATCH) {
                markReady(group);
              }
            })
        // An empty ready group ends nothing: go on with the next one (or the whole queue).
        .map(n -> Math.max(n, 1));
  }

  /** Admits the next batch (of {@code group}, or of the whole queue when null); its size. */
  private Mono<Integer> admitNext(Bytes group) {
    long started = System.nanoTime();
    Timer latency = metrics.joinLatency("admitted");
    return store
        .joins()
        .admitNext(group == null ? null : group.toByteArray(), BATCH)
        .collectList()
        .map(
            batch -> {
              if (batch.isEmpty()) {
                return 0;
              }
              metrics
                  .storeLatency("join_admit")
                  .record(Duration.ofNanos(System.nanoTime() - started));
              Instant now = Instant.now();
              for (Admission a : batch) {
                metrics
                    .counter(
                        RelayMetrics.JOINS_ADMITTED, "member", a.newMember() ? "new" : "existing")
                    .increment();
                // enqueuedAt is the database's clock: clamp a skew against this process's clock.
                Duration waited = Duration.between(a.enqueuedAt(), now);
                latency.record(waited.isNegative() ? Duration.ZERO : waited);
              }
              onAdmitted.accept(batch);
              logBatch(batch);
              return batch.size();
            });
  }

  /** One debug line per group of a completed batch, naming the group's address id. */
  private void logBatch(List<Admission> batch) {
    if (!log.isDebugEnabled() || batch.isEmpty()) {
      return;
    }
    Map<Bytes, int[]> byGroup = new LinkedHashMap<>();
    for (Admission a : batch) {
      int[] n = byGroup.computeIfAbsent(Bytes.of(a.groupId()), g -> new int[2]);
      n[0]++;
      n[1] += a.newMember() ? 1 : 0;
    }
    byGroup.forEach(
        (group, n) ->
            addressOf
                .apply(group.toByteArray())
                .defaultIfEmpty("group " + Checks.shortHex(group.toByteArray()))
                .onErrorReturn("group " + Checks.shortHex(group.toByteArray()))
                .subscribe(
                    address ->
                        log.debug(
                            "{} admitted {} joins ({} new members) in a batch of {}",
                            address,
                            n[0],
                            n[1],
                            batch.size())));
  }

  /**
   * Stops the workers once their batches in flight are committed and answered: they take no further
   * batch, and the joins left pending are admitted after a restart or by another instance.
   */
  public Mono<Void> drain() {
    stopping = true;
    stop.tryEmitValue(true);
    return Mono.when(stopped);
  }

  /**
   * Stops the workers at once. A batch whose transaction was in flight either commits (its joins
   * are admitted) or rolls back (they stay pending for the next worker, here or in another
   * process).
   */
  @Override
  public void close() {
    workers.dispose();
  }
}
