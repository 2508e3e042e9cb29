package io.chatrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.join.Admission;
import io.chatrelay.store.join.JoinQueue;
import io.chatrelay.store.join.JoinReceipt;
import io.chatrelay.store.join.JoinRequest;
import io.chatrelay.store.post.NewPost;
import io.chatrelay.store.testing.TestData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * The database goes away under a working store: embedded, the server is stopped and started on the
 * same data directory and port; external, every session is ended with {@code pg_terminate_backend}.
 * Failures must be retryable, acknowledged data must all be there after, and the store must work
 * again without being reopened.
 */
@ExtendWith(TestDatabaseExtension.class)
class DatabaseRestartIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TestData data = new TestData(99);
  private TestDatabase db;
  private RelayStore store;

  @BeforeEach
  void open(TestDatabase database) {
    db = database;
    store = database.openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private byte[] activeGroup() {
    GroupRegistration g = data.group();
    store.groups().register(g).block(TIMEOUT);
    store.groups().markValidated(g.groupId()).block(TIMEOUT);
    return g.groupId();
  }

  @Test
  void anOperationInFlightDuringARestartFailsRetryably() throws Exception {
    byte[] group = activeGroup();
    // Hold the group's row lock so that an append is provably in flight (waiting) at the restart.
    try (Connection holder = db.jdbc()) {
      holder.setAutoCommit(false);
      try (var lock =
          holder.prepareStatement("SELECT 1 FROM relay_groups WHERE group_id = ? FOR UPDATE")) {
        lock.setBytes(1, group);
        lock.executeQuery().close();
      }
      Mono<?> append =
          store
              .posts()
              .append(group, List.of(new NewPost(data.bytes(8), data.bytes(32), data.bytes(40))))
              .collectList();
      StepVerifier.create(append)
          .then(() -> awaitLockWaiter())
          .then(() -> db.restartServer())
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(StoreException.class);
                assertThat(((StoreException) e).retryable()).as(e.toString()).isTrue();
              })
          .verify(TIMEOUT);
    }

    // Nothing half-done: the failed append reserved no sequence number, and a retry succeeds.
    List<Long> seqs =
        Mono.defer(
                () ->
                    store
                        .posts()
                        .append(
                            group,
                            List.of(new NewPost(data.bytes(8), data.bytes(32), data.bytes(40))))
                        .map(r -> r.seq())
                        .collectList())
            .retryWhen(retryable())
            .block(TIMEOUT);
    assertThat(seqs).containsExactly(1L);
  }

  @Test
  void everyAcknowledgedJoinSurvivesARestartInTheMiddleOfEnqueueing() {
    byte[] group = activeGroup();
    ConcurrentLinkedQueue<JoinReceipt> acknowledged = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger batches = new AtomicInteger();

    // 8 enqueuers x 40 batches of 10, retrying retryable failures. The restart comes after 80
    // acknowledged batches, and the second half of each enqueuer's batches waits for it, so
    // the restart falls in the middle of the work however fast the first half goes.
    Sinks.Empty<Void> restarted = Sinks.empty();
    Disposable workload =
        Flux.range(0, 8)
            .flatMap(
                w ->
                    Flux.range(0, 40)
                        .concatMap(
                            i -> {
                              List<JoinRequest> batch =
                                  IntStream.range(0, 10).mapToObj(k -> data.join(group)).toList();
                              Mono<Void> gate = i < 20 ? Mono.empty() : restarted.asMono();
                              return gate.then(
                                  Mono.defer(() -> store.joins().enqueueAll(batch).collectList())
                                      .retryWhen(
                                          retryable().doBeforeRetry(s -> failures.add(s.failure())))
                                      .doOnNext(acknowledged::addAll)
                                      .doOnNext(r -> batches.incrementAndGet()));
                            }),
                8)
            .subscribe(receipts -> {}, failures::add);
    try {
      waitUntil(() -> batches.get() >= 80);
      db.restartServer();
      restarted.tryEmitEmpty();
      waitUntil(workload::isDisposed);
    } finally {
      workload.dispose();
    }

    assertThat(batches.get()).isEqualTo(320);
    assertThat(failures)
        .allSatisfy(
            e -> {
              assertThat(e).isInstanceOf(StoreException.class);
              assertThat(((StoreException) e).retryable()).as(e.toString()).isTrue();
            });
    Set<Long> ids = acknowledged.stream().map(JoinReceipt::queueId).collect(Collectors.toSet());
    assertThat(ids).hasSize(3200);
    long stored =
        db.queryLong(
            "SELECT count(*) FROM pending_joins WHERE queue_id = ANY (?::bigint[])",
            (Object) ids.toArray(Long[]::new));
    assertThat(stored).isEqualTo(3200);

    // The queue works on after the restart, without reopening the store.
    List<Long> admitted =
        Mono.defer(
                () ->
                    store
                        .joins()
                        .admitNext(group, JoinQueue.MAX_BATCH)
                        .map(Admission::queueId)
                        .collectList())
            .retryWhen(retryable())
            .block(TIMEOUT);
    assertThat(admitted).containsAll(ids);
  }

  private static RetryBackoffSpec retryable() {
    return Retry.fixedDelay(200, Duration.ofMillis(100))
        .filter(e -> e instanceof StoreException se && se.retryable());
  }

  private void awaitLockWaiter() {
    waitUntil(
        () ->
            db.queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND wait_event_type = 'Lock'")
                > 0);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in " + TIMEOUT);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
