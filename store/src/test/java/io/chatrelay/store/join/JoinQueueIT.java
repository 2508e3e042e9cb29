package io.chatrelay.store.join;

import static io.chatrelay.store.testing.StoreAssertions.assertKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.RelayStore;
import io.chatrelay.store.StoreException;
import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.group.GroupState;
import io.chatrelay.store.testing.TestData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@ExtendWith(TestDatabaseExtension.class)
class JoinQueueIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TestData data = new TestData(1234);
  private static TestDatabase db;
  private static RelayStore store;

  @BeforeAll
  static void open(TestDatabase database) {
    db = database;
    store = database.openStore();
  }

  @AfterAll
  static void close() {
    store.close();
  }

  /** A registered group whose address is validated (its joins are claimable). */
  private static byte[] activeGroup() {
    GroupRegistration g = data.group();
    store.groups().register(g).block(TIMEOUT);
    store.groups().markValidated(g.groupId()).block(TIMEOUT);
    return g.groupId();
  }

  private static List<JoinRequest> joins(byte[] groupId, int n) {
    return IntStream.range(0, n).mapToObj(i -> data.join(groupId)).toList();
  }

  @Test
  void enqueueAcknowledgesAfterCommitInRequestOrder() {
    byte[] group = activeGroup();
    List<JoinRequest> requests = joins(group, 2500); // three multi-row statements
    List<JoinReceipt> receipts = store.joins().enqueueAll(requests).collectList().block(TIMEOUT);

    assertThat(receipts).hasSize(2500);
    for (int i = 1; i < receipts.size(); i++) {
      assertThat(receipts.get(i).queueId()).isGreaterThan(receipts.get(i - 1).queueId());
    }
    // Request order = queue order: the i-th receipt names the i-th member key.
    for (int i : new int[] {0, 999, 1000, 2499}) {
      assertThat(
              db.queryLong(
                  "SELECT count(*) FROM pending_joins WHERE queue_id = ? AND member_key = ?",
                  receipts.get(i).queueId(),
                  requests.get(i).memberKey()))
          .isEqualTo(1);
    }
    assertThat(
            db.queryLong("SELECT count(*) FROM pending_joins WHERE group_id = ?", (Object) group))
        .isEqualTo(2500);
  }

  @Test
  void aBatchNamingARemovedGroupEnqueuesNothingForTheActiveOne() {
    byte[] active = activeGroup();
    byte[] removed = activeGroup();
    store.groups().setState(removed, GroupState.REMOVED).block(TIMEOUT);
    List<JoinRequest> batch = new ArrayList<>(joins(active, 2));
    batch.addAll(joins(removed, 1));

    assertRefusedWhole(batch, Kind.GROUP_NOT_ACTIVE, "1 of 3 joins name a removed group", active);
  }

  @Test
  void aBatchNamingAnUnknownGroupEnqueuesNothing() {
    byte[] group = activeGroup();
    List<JoinRequest> batch = new ArrayList<>(joins(group, 5));
    batch.add(data.join(data.bytes(32)));

    // One statement in auto-commit: the five joins of the known group must not commit alone.
    assertRefusedWhole(batch, Kind.NOT_FOUND, "1 of 6 joins name an unknown group", group);
  }

  /**
   * Enqueuing {@code batch} fails with {@code kind} and a message containing {@code message}, and
   * none of its joins for the valid {@code group} was queued.
   */
  private void assertRefusedWhole(
      List<JoinRequest> batch, Kind kind, String message, byte[] group) {
    StepVerifier.create(store.joins().enqueueAll(batch))
        .expectErrorSatisfies(
            e -> {
              assertKind(e, kind);
              assertThat(e).hasMessageContaining(message);
            })
        .verify(TIMEOUT);
    assertThat(
            db.queryLong("SELECT count(*) FROM pending_joins WHERE group_id = ?", (Object) group))
        .isZero();
  }

  @Test
  void malformedJoinsAreRefused() {
    byte[] group = activeGroup();
    StepVerifier.create(
            Mono.defer(() -> store.joins().enqueue(JoinRequest.of(group, new byte[31], null))))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
    StepVerifier.create(store.joins().enqueueAll(List.of()))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
    for (int max : new int[] {0, JoinQueue.MAX_BATCH + 1}) {
      StepVerifier.create(store.joins().admitNext(group, max))
          .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
          .verify(TIMEOUT);
    }
    StepVerifier.create(store.joins().admitNext(new byte[31], 10))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
    assertThat(
            db.queryLong("SELECT count(*) FROM pending_joins WHERE group_id = ?", (Object) group))
        .isZero();
  }

  @Test
  void anAdmissionCutOffBeforeItsCommitLeavesItsJoinsPending() throws Exception {
    byte[] group = activeGroup();
    // A first admission creates the group's service log head, which the test then holds.
    store.joins().enqueue(data.join(group)).block(TIMEOUT);
    assertThat(store.joins().admitNext(group, 10).collectList().block(TIMEOUT)).hasSize(1);
    List<Long> queued =
        store
            .joins()
            .enqueueAll(joins(group, 20))
            .map(JoinReceipt::queueId)
            .collectList()
            .block(TIMEOUT);

    // Another relay process admits the 20 joins: it has marked them admitted and inserted their
    // members when it waits for the log head. Then its connection drops (the process died).
    RelayStore other = db.openStore();
    try (Connection head = db.jdbc()) {
      head.setAutoCommit(false);
      try (var lock =
          head.prepareStatement("SELECT 1 FROM service_log_heads WHERE group_id = ? FOR UPDATE")) {
        lock.setBytes(1, group);
        lock.executeQuery().close();
      }
      long holder = backendPid(head);
      StepVerifier.create(other.joins().admitNext(group, 100))
          .then(
              () -> {
                long admitter = awaitBlockedBy(holder);
                // Meanwhile a live admitter skips the locked joins instead of waiting for them.
                assertThat(store.joins().admitNext(group, 100).collectList().block(TIMEOUT))
                    .isEmpty();
                terminate(admitter);
              })
          .expectError(StoreException.class)
          .verify(TIMEOUT);
      head.rollback();
    } finally {
      other.close();
    }

    List<Admission> admitted = store.joins().admitNext(group, 100).collectList().block(TIMEOUT);
    assertThat(admitted).extracting(Admission::queueId).containsExactlyElementsOf(queued);
    assertThat(admitted).allMatch(Admission::newMember);
    assertThat(db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", (Object) group))
        .isEqualTo(21);
  }

  @Test
  void joinsWithTheSameMemberKeyMakeOneMember() {
    byte[] group = activeGroup();
    byte[] key = data.bytes(32);
    // Two joins in one batch, and a third admitted later by another batch.
    store
        .joins()
        .enqueueAll(List.of(JoinRequest.of(group, key, null), JoinRequest.of(group, key, null)))
        .blockLast(TIMEOUT);
    List<Admission> firstRound = store.joins().admitNext(group, 10).collectList().block(TIMEOUT);
    store.joins().enqueue(JoinRequest.of(group, key, data.bytes(3))).block(TIMEOUT);
    List<Admission> secondRound = store.joins().admitNext(group, 10).collectList().block(TIMEOUT);

    assertThat(firstRound).hasSize(2);
    assertThat(secondRound).hasSize(1);
    long memberId = firstRound.get(0).memberId();
    assertThat(firstRound.get(1).memberId()).isEqualTo(memberId);
    assertThat(secondRound.get(0).memberId()).isEqualTo(memberId);
    assertThat(firstRound.stream().filter(Admission::newMember)).hasSize(1);
    assertThat(secondRound.get(0).newMember()).isFalse();
    assertThat(db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", (Object) group))
        .isEqualTo(1);
  }

  @Test
  void concurrentAdmissionsOfJoinsWithOneKeyMakeOneMember() {
    byte[] group = activeGroup();
    byte[] key = data.bytes(32);
    store
        .joins()
        .enqueueAll(IntStream.range(0, 8).mapToObj(i -> JoinRequest.of(group, key, null)).toList())
        .blockLast(TIMEOUT);
    // 8 admitters, one join per transaction: their member inserts of the one key overlap.
    List<Admission> admissions =
        Flux.range(0, 8)
            .flatMap(
                w ->
                    store
                        .joins()
                        .admitNext(group, 1)
                        .collectList()
                        .repeat()
                        .takeWhile(batch -> !batch.isEmpty())
                        .flatMapIterable(batch -> batch),
                8)
            .collectList()
            .block(TIMEOUT);

    assertThat(admissions).hasSize(8).extracting(Admission::queueId).doesNotHaveDuplicates();
    assertThat(admissions.stream().map(Admission::memberId).distinct()).hasSize(1);
    assertThat(admissions.stream().filter(Admission::newMember)).hasSize(1);
    assertThat(db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", (Object) group))
        .isEqualTo(1);
  }

  @Test
  void joinsAreHeldUntilTheRelayAddressIsValidated() {
    GroupRegistration g = data.group();
    store.groups().register(g).block(TIMEOUT);
    List<JoinReceipt> receipts =
        store.joins().enqueueAll(joins(g.groupId(), 4)).collectList().block(TIMEOUT);

    assertThat(store.joins().admitNext(g.groupId(), 10).collectList().block(TIMEOUT)).isEmpty();
    assertThat(store.joins().admitNext(null, 10_000).collectList().block(TIMEOUT))
        .noneMatch(a -> receipts.stream().anyMatch(r -> r.queueId() == a.queueId()));
    assertThat(store.joins().counts(g.groupId()).block(TIMEOUT))
        .isEqualTo(new QueueCounts(4, 0, 0));

    store.groups().markValidated(g.groupId()).block(TIMEOUT);
    assertThat(store.joins().admitNext(g.groupId(), 10).collectList().block(TIMEOUT))
        .extracting(Admission::queueId)
        .containsExactlyElementsOf(receipts.stream().map(JoinReceipt::queueId).toList());
    assertThat(store.joins().counts(g.groupId()).block(TIMEOUT))
        .isEqualTo(new QueueCounts(0, 4, 0));
  }

  @Test
  void suspendedGroupsHoldJoinsAndRemovedGroupsParkThem() {
    byte[] group = activeGroup();
    store.groups().setState(group, GroupState.SUSPENDED).block(TIMEOUT);
    long queueId =
        store.joins().enqueueAll(joins(group, 2)).collectList().block(TIMEOUT).get(0).queueId();
    assertThat(store.joins().admitNext(group, 10).collectList().block(TIMEOUT)).isEmpty();

    store.groups().setState(group, GroupState.REMOVED).block(TIMEOUT);
    assertThat(store.joins().counts(group).block(TIMEOUT)).isEqualTo(new QueueCounts(0, 0, 2));
    StepVerifier.create(store.joins().find(queueId))
        .assertNext(
            j -> {
              assertThat(j.state()).isEqualTo(JoinState.PARKED);
              assertThat(j.parkReason()).hasValue("group removed");
              assertThat(j.memberId()).isEmpty();
            })
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(store.joins().enqueue(data.join(group)))
        .expectErrorSatisfies(e -> assertKind(e, Kind.GROUP_NOT_ACTIVE))
        .verify(TIMEOUT);
  }

  @Test
  void theDepthCountsWaitingAndParkedJoinsOfEveryGroupFromIndexesOnly() throws SQLException {
    QueueDepth before = store.joins().depth().block(TIMEOUT);
    byte[] waiting = activeGroup();
    byte[] held = activeGroup();
    byte[] removed = activeGroup();
    store.groups().setState(held, GroupState.SUSPENDED).block(TIMEOUT);
    store.joins().enqueueAll(joins(waiting, 5)).blockLast(TIMEOUT);
    store.joins().enqueueAll(joins(held, 2)).blockLast(TIMEOUT);
    store.joins().enqueueAll(joins(removed, 3)).blockLast(TIMEOUT);
    store.groups().setState(removed, GroupState.REMOVED).block(TIMEOUT);
    assertThat(store.joins().admitNext(waiting, 4).collectList().block(TIMEOUT)).hasSize(4);

    assertThat(store.joins().depth().block(TIMEOUT))
        .isEqualTo(new QueueDepth(before.pending() + 1 + 2, before.parked() + 3));
    // Every 10 s on a table that keeps admitted records for days: no count may read it whole.
    try (Connection c = db.jdbc();
        var st = c.createStatement()) {
      st.execute("SET enable_seqscan = off");
      StringBuilder plan = new StringBuilder();
      try (var rs = st.executeQuery("EXPLAIN " + JoinQueue.DEPTH)) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      assertThat(plan.toString()).doesNotContain("Seq Scan").contains("pending_joins_parked");
    }
  }

  @Test
  void admitNextAdmitsInQueueOrderInOneTransactionAndLogsTheNewMembers() {
    byte[] group = activeGroup();
    List<JoinRequest> requests = joins(group, 5);
    List<JoinReceipt> receipts = store.joins().enqueueAll(requests).collectList().block(TIMEOUT);

    List<Admission> first = store.joins().admitNext(group, 3).collectList().block(TIMEOUT);
    List<Admission> rest = store.joins().admitNext(group, 10).collectList().block(TIMEOUT);

    assertThat(first)
        .extracting(Admission::queueId)
        .containsExactlyElementsOf(
            receipts.subList(0, 3).stream().map(JoinReceipt::queueId).toList());
    assertThat(rest).hasSize(2);
    assertThat(first).allMatch(Admission::newMember).allMatch(a -> a.enqueuedAt() != null);
    // Each admission names the member key of its join.
    assertThat(Stream.concat(first.stream(), rest.stream()))
        .extracting(a -> HexFormat.of().formatHex(a.memberKey()))
        .containsExactlyElementsOf(
            requests.stream().map(r -> HexFormat.of().formatHex(r.memberKey())).toList());
    // Admitted joins are done: a later batch does not admit them again.
    assertThat(store.joins().admitNext(group, 10).collectList().block(TIMEOUT)).isEmpty();
    StepVerifier.create(store.joins().find(receipts.get(0).queueId()))
        .assertNext(
            j -> {
              assertThat(j.state()).isEqualTo(JoinState.ADMITTED);
              assertThat(j.memberId()).hasValue(first.get(0).memberId());
            })
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(store.joins().counts(group).block(TIMEOUT)).isEqualTo(new QueueCounts(0, 5, 0));
    assertThat(db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", (Object) group))
        .isEqualTo(5);
    // One MEMBERS_ADMITTED entry per admitting transaction.
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM service_log WHERE group_id = ? AND kind = 'MEMBERS_ADMITTED'",
                (Object) group))
        .isEqualTo(2);
  }

  @Test
  void concurrentAdmittersNeverAdmitTheSameJoinTwice() {
    byte[] group = activeGroup();
    int total = 2000;
    Set<Long> enqueued =
        store
            .joins()
            .enqueueAll(joins(group, total))
            .map(JoinReceipt::queueId)
            .collect(Collectors.toSet())
            .block(TIMEOUT);

    // 8 admitters, of this group and of the whole queue, in batches of 37 until none is left.
    ConcurrentLinkedQueue<Long> admitted = new ConcurrentLinkedQueue<>();
    Flux.range(0, 8)
        .flatMap(
            w ->
                store
                    .joins()
                    .admitNext(w % 2 == 0 ? group : null, 37)
                    .collectList()
                    .repeat()
                    .takeWhile(batch -> !batch.isEmpty())
                    .doOnNext(batch -> batch.forEach(a -> admitted.add(a.queueId()))),
            8)
        .blockLast(TIMEOUT);

    List<Long> all = new ArrayList<>(admitted);
    assertThat(all).doesNotHaveDuplicates();
    assertThat(new HashSet<>(all)).containsAll(enqueued);
    assertThat(db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", (Object) group))
        .isEqualTo(total);
  }

  @Test
  void admissionsDoNotWaitForAPostAppendHoldingTheGroupRow() throws Exception {
    byte[] group = activeGroup();
    store.joins().enqueueAll(joins(group, 3)).blockLast(TIMEOUT);
    try (java.sql.Connection other = db.jdbc()) {
      other.setAutoCommit(false);
      // What a post append holds until it commits (PostStore).
      try (java.sql.PreparedStatement lock =
          other.prepareStatement(
              "SELECT state FROM relay_groups WHERE group_id = ? FOR NO KEY UPDATE")) {
        lock.setBytes(1, group);
        lock.executeQuery().close();
      }
      // Blocked until the rollback below if the log's head were on the group row.
      assertThat(store.joins().admitNext(group, 10).collectList().block(Duration.ofSeconds(10)))
          .hasSize(3);
      other.rollback();
    }
    assertThat(store.groups().find(group).block(TIMEOUT).lastLogSeq()).isEqualTo(1);
  }

  @Test
  void purgeDeletesOnlyOldAdmittedJoins() {
    byte[] group = activeGroup();
    List<JoinReceipt> queued =
        store.joins().enqueueAll(joins(group, 3)).collectList().block(TIMEOUT);
    assertThat(store.joins().admitNext(group, 2).collectList().block(TIMEOUT)).hasSize(2);
    db.execute(
        "UPDATE pending_joins SET completed_at = now() - interval '2 days' WHERE queue_id = ?",
        queued.get(0).queueId());

    assertThat(store.joins().purgeAdmitted(Duration.ofDays(1), 100).block(TIMEOUT))
        .isGreaterThanOrEqualTo(1);
    assertThat(store.joins().find(queued.get(0).queueId()).block(TIMEOUT)).isNull();
    assertThat(store.joins().find(queued.get(1).queueId()).block(TIMEOUT)).isNotNull();
    assertThat(store.joins().find(queued.get(2).queueId()).block(TIMEOUT)).isNotNull();
    assertThat(db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", (Object) group))
        .isEqualTo(2);
  }

  @Test
  void purgeDeletesAtMostTheBoundOldestFirst() {
    byte[] group = activeGroup();
    List<JoinReceipt> queued =
        store.joins().enqueueAll(joins(group, 5)).collectList().block(TIMEOUT);
    assertThat(store.joins().admitNext(group, 10).collectList().block(TIMEOUT)).hasSize(5);
    for (int i = 0; i < queued.size(); i++) {
      db.execute(
          "UPDATE pending_joins SET completed_at = now() - ? * interval '1 day' WHERE queue_id = ?",
          10 - i,
          queued.get(i).queueId());
    }

    assertThat(store.joins().purgeAdmitted(Duration.ofDays(1), 2).block(TIMEOUT)).isEqualTo(2);
    assertThat(store.joins().find(queued.get(0).queueId()).block(TIMEOUT)).isNull();
    assertThat(store.joins().find(queued.get(1).queueId()).block(TIMEOUT)).isNull();
    assertThat(store.joins().find(queued.get(2).queueId()).block(TIMEOUT)).isNotNull();
    assertThat(store.joins().purgeAdmitted(Duration.ofDays(1), 10).block(TIMEOUT)).isEqualTo(3);
    assertThat(db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", (Object) group))
        .isEqualTo(5);
  }

  @Test
  void purgeRefusesABoundOutsideItsRange() {
    StepVerifier.create(store.joins().purgeAdmitted(Duration.ofDays(1), 0))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
    StepVerifier.create(store.joins().purgeAdmitted(Duration.ofDays(-1), 10))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
  }

  private static long backendPid(Connection c) throws SQLException {
    try (var st = c.prepareStatement("SELECT pg_backend_pid()");
        var rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The backend waiting for a lock that backend {@code holder} holds (waits for it to wait). */
  private static long awaitBlockedBy(long holder) {
    return Mono.fromCallable(
            () ->
                db.queryLong(
                    "SELECT coalesce(max(pid), 0) FROM pg_stat_activity"
                        + " WHERE ?::int = ANY (pg_blocking_pids(pid))",
                    holder))
        .filter(pid -> pid != 0)
        .repeatWhenEmpty(repeats -> repeats.delayElements(Duration.ofMillis(20)))
        .block(TIMEOUT);
  }

  /**
   * Ends backend {@code pid} as a crash would drop its connection, and returns once it is gone: by
   * then its transaction is rolled back and its locks released.
   */
  private static void terminate(long pid) {
    db.queryLong("SELECT count(*) FROM (SELECT pg_terminate_backend(?::int)) t", pid);
    Mono.fromCallable(
            () -> db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid = ?::int", pid))
        .filter(n -> n == 0)
        .repeatWhenEmpty(repeats -> repeats.delayElements(Duration.ofMillis(20)))
        .block(TIMEOUT);
  }
}
