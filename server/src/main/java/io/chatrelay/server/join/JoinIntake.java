package io.chatrelay.server.join;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.server.limits.Retry;
import io.chatrelay.server.limits.TokenBucket;
import io.chatrelay.server.metrics.RelayMetrics;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.join.JoinReceipt;
import io.chatrelay.store.join.JoinRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Makes joins durable before they are acknowledged, with one bounded pipeline per relay address.
 *
 * <p>Each address has its own queue of at most {@code perGroupLimit} joins waiting to be written;
 * when it is full, {@link #submit} fails at once with {@link Busy} and the member is told to retry
 * later: a flood on one group fills that group's queue only. Each address pipeline hands at most
 * one batch at a time to the shared writer, which coalesces the batches of many groups into one
 * multi-row INSERT (group commit): a group's batch waits behind at most one batch of every other
 * group, never behind another group's backlog.
 */
public final class JoinIntake implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JoinIntake.class);

  /** The address's queue is full; retry after {@link #retryAfterMs()}. */
  public static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterMs;

    Busy(long retryAfterMs) {
      super("join queue of this group is full", null, false, false);
      this.retryAfterMs = retryAfterMs;
    }

    public long retryAfterMs() {
      return retryAfterMs;
    }
  }

  record Task(JoinRequest request, Sinks.One<JoinReceipt> done) {}

  record Batch(List<Task> tasks, Sinks.Empty<Void> written) {}

  private final RelayStore store;
  private final RelayMetrics metrics;
  private final int perGroupLimit;
  private final int perGroupBatch;
  private final Map<Bytes, Sinks.Many<Task>> pipelines = new ConcurrentHashMap<>();
  private final Map<Bytes, Disposable> subscriptions = new ConcurrentHashMap<>();
  private final Sinks.Many<Batch> writerQueue =
      Sinks.many().unicast().onBackpressureBuffer(Queues.<Batch>unboundedMultiproducer().get());
  private final Disposable writer;
  private final Sinks.Empty<Void> written = Sinks.empty();

  /** Each address pipeline's end: it has handed its last batch over and seen it written. */
  private final Map<Bytes, Mono<Void>> drained = new ConcurrentHashMap<>();

  private volatile boolean closing;
  private final AtomicInteger waiting = new AtomicInteger();

  /** Joins waiting in each address's pipeline, for the saturation distribution. */
  private final Map<Bytes, AtomicInteger> queued = new ConcurrentHashMap<>();

  private final Consumer<Set<Bytes>> onWritten;
  private final int perSecond;
  private final Map<Bytes, TokenBucket> rates = new ConcurrentHashMap<>();

  /**
   * @param perGroupLimit joins queued per address before {@link Busy}
   * @param perSecond joins taken per address and second (see {@link #takeRate})
   * @param writers concurrent INSERT transactions
   * @param onWritten called after each committed batch with the groups it held (wakes the admission
   *     workers)
   */
  public JoinIntake(
      RelayStore store,
      RelayMetrics metrics,
      int perGroupLimit,
      int perSecond,
      int writers,
      Consumer<Set<Bytes>> onWritten) {
    this.store = store;
    this.metrics = metrics;
    this.perGroupLimit = perGroupLimit;
    this.perSecond = perSecond;
    this.perGroupBatch = Math.min(256, perGroupLimit);
    this.onWritten = onWritten;
    this.writer =
        writerQueue
            .asFlux()
            .bufferTimeout(16, Duration.ofMillis(2), true)
            .flatMapIterable(JoinIntake::apart)
            .flatMap(this::write, writers)
            .doFinally(s -> written.tryEmitEmpty())
            .subscribe(null, e -> log.error("join writer stopped", e));
    metrics.registry().gauge(RelayMetrics.JOINS_INTAKE_WAITING, waiting);
  }

  /**
   * Whether the address can take one more join now, checked before the join's signature so that a
   * flood on one group is shed cheaply: 0 if it can (one join is taken from its rate), else the
   * milliseconds to wait because its queue is full or its rate is spent.
   */
  public long busyFor(Bytes address) {
    AtomicInteger n = queued.get(address);
    if (n != null && n.get() >= perGroupLimit) {
      return QUEUE_FULL_RETRY_MS;
    }
    return rates
        .computeIfAbsent(
            address, a -> new TokenBucket(perSecond, RATE_BURST, RATE_MIN_RETRY, System.nanoTime()))
        .tryTake(System.nanoTime());
  }

  /**
   * A tenth of a second of a group's join rate may come at once. A sender over the rate is held for
   * its wait and comes back with what the bucket stored meanwhile, at once: with a second stored
   * and a 250 ms wait, a flooded group's 2,000 joins a second arrived as about 500 signature checks
   * every 270 ms, which filled both cores for 30 to 60 ms each time, and the other groups' joins
   * stalled in step with it (their p99 join latency 80 to 100 ms against about 12 idle). In steps a
   * tenth of that size their p99 was about 46 ms, for about three times the {@code BUSY} answers.
   * Joins come from many members, one each: a crowd arriving at once is spread over retries.
   */
  static final Duration RATE_BURST = Duration.ofMillis(100);

  /** The shortest wait told to a joiner over the group's join rate: no longer than the burst. */
  static final Duration RATE_MIN_RETRY = Duration.ofMillis(100);

  /** The retry hint when a group's queue is full. */
  private static final long QUEUE_FULL_RETRY_MS = 250;

  /**
   * Queues a join of the group at {@code address}; the returned Mono completes with its receipt
   * once committed (it does not wait to be subscribed: the join is already queued).
   *
   * @throws Busy at once when the address's queue is full
   */
  public Mono<JoinReceipt> submit(Bytes address, JoinRequest request) {
    if (closing) {
      throw new Busy(Retry.SHUTTING_DOWN_MS);
    }
    Sinks.Many<Task> pipeline = pipelines.computeIfAbsent(address, this::open);
    Sinks.One<JoinReceipt> done = Sinks.one();
    Sinks.EmitResult r;
    do {
      r = pipeline.tryEmitNext(new Task(request, done));
    } while (r == Sinks.EmitResult.FAIL_NON_SERIALIZED);
    if (r == Sinks.EmitResult.FAIL_OVERFLOW) {
      metrics.counter(RelayMetrics.JOINS_BUSY).increment();
      throw new Busy(QUEUE_FULL_RETRY_MS);
    }
    if (r.isFailure()) {
      throw new Busy(Retry.SHUTTING_DOWN_MS);
    }
    waiting.incrementAndGet();
    metrics.joinQueueSaturation(
        queued.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet(), perGroupLimit);
    return done.asMono();
  }

  private Sinks.Many<Task> open(Bytes address) {
    Sinks.Many<Task> sink =
        Sinks.many().unicast().onBackpressureBuffer(Queues.<Task>get(perGroupLimit).get());
    Sinks.Empty<Void> handedOver = Sinks.empty();
    Disposable d =
        sink.asFlux()
            .bufferTimeout(perGroupBatch, Duration.ofMillis(1), true)
            .concatMap(tasks -> handOver(address, tasks), 1)
            .doFinally(s -> handedOver.tryEmitEmpty())
            .subscribe(null, e -> log.error("{} join pipeline stopped", address.toBase64Url(), e));
    subscriptions.put(address, d);
    drained.put(address, handedOver.asMono());
    return sink;
  }

  /** Gives one batch of one group to the writer; completes when it is committed (or failed). */
  private Mono<Void> handOver(Bytes address, List<Task> tasks) {
    queued.computeIfAbsent(address, a -> new AtomicInteger()).addAndGet(-tasks.size());
    Sinks.Empty<Void> written = Sinks.empty();
    Sinks.EmitResult r;
    do {
      r = writerQueue.tryEmitNext(new Batch(tasks, written));
    } while (r == Sinks.EmitResult.FAIL_NON_SERIALIZED);
    if (r.isFailure()) {
      // A pipeline opened while the intake was closing: its joins were not queued.
      tasks.forEach(t -> t.done().tryEmitError(new Busy(Retry.SHUTTING_DOWN_MS)));
      return Mono.empty();
    }
    return written.asMono();
  }

  /** A group's batch at least this large is written in a transaction of its own. */
  static final int LARGE_BATCH = 32;

  /**
   * The writes for batches taken together: the small ones in one INSERT (group commit), each large
   * one on its own. A flooded group's full batch (256 rows) takes several milliseconds to insert;
   * the other groups' few joins then commit beside it, in a parallel transaction, not after it.
   */
  static List<List<Batch>> apart(List<Batch> batches) {
    List<List<Batch>> writes = new ArrayList<>();
    List<Batch> small = new ArrayList<>();
    for (Batch b : batches) {
      if (b.tasks().size() >= LARGE_BATCH) {
        writes.add(List.of(b));
      } else {
        small.add(b);
      }
    }
    if (!small.isEmpty()) {
      writes.add(0, small);
    }
    return writes;
  }

  private Mono<Void> write(List<Batch> batches) {
    List<Task> tasks = new ArrayList<>();
    batches.forEach(b -> tasks.addAll(b.tasks()));
    List<JoinRequest> requests = tasks.stream().map(Task::request).toList();
    long started = System.nanoTime();
    return store
        .joins()
        .enqueueAll(requests)
        .collectList()
        .doOnNext(
            receipts -> {
              metrics
                  .storeLatency("join_enqueue")
                  .record(Duration.ofNanos(System.nanoTime() - started));
              for (int i = 0; i < tasks.size(); i++) {
                tasks.get(i).done().tryEmitValue(receipts.get(i));
              }
              Set<Bytes> groups = new LinkedHashSet<>();
              requests.forEach(r -> groups.add(Bytes.of(r.groupId())));
              onWritten.accept(groups);
            })
        .onErrorResume(
            e -> {
              tasks.forEach(t -> t.done().tryEmitError(e));
              return Mono.empty();
            })
        .doFinally(
            s -> {
              waiting.addAndGet(-tasks.size());
              batches.forEach(b -> b.written().tryEmitEmpty());
            })
        .then();
  }

  /**
   * Takes no more joins (a later {@link #submit} is answered {@link Busy}) and completes once the
   * joins already taken are written and answered, so that a graceful shutdown does not cut their
   * transactions off.
   */
  public Mono<Void> drain() {
    closing = true;
    // A submit emitting at this moment makes a completion fail as non-serialized: try again.
    Sinks.EmitFailureHandler retry = Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1));
    pipelines.values().forEach(p -> p.emitComplete(retry));
    return Mono.when(drained.values())
        .then(
            Mono.defer(
                () -> {
                  writerQueue.emitComplete(retry);
                  return written.asMono();
                }));
  }

  /** Stops at once: batches in flight are cancelled (their transactions commit or roll back). */
  @Override
  public void close() {
    subscriptions.values().forEach(Disposable::dispose);
    pipelines.values().forEach(Sinks.Many::tryEmitComplete);
    writerQueue.tryEmitComplete();
    writer.dispose();
  }
}
