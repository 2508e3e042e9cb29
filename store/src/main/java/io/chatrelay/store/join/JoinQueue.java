package io.chatrelay.store.join;

import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;
import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.log.NewServiceLogEntry;
import io.chatrelay.store.log.ServiceLog;
import io.chatrelay.store.postgres.Database;
import io.chatrelay.store.postgres.Sql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The durable pending-join queue.
 *
 * <ul>
 *   <li><b>Enqueue</b> commits before it answers: a {@link JoinReceipt} means the join is on disk
 *       (with {@code synchronous_commit} on). A batch is one multi-row INSERT per {@value
 *       #MAX_ROWS_PER_STATEMENT} joins: a batch of one statement commits on its own, a larger one
 *       in one transaction. All or nothing either way.
 *   <li><b>Admit</b> ({@link #admitNext}) takes up to {@code max} claimable joins in queue order
 *       with {@code FOR UPDATE SKIP LOCKED}, marks them admitted and inserts and logs their
 *       members, in one transaction. Claimable: pending, and the group active with a validated
 *       relay address (otherwise the join is held, not lost). A process that dies mid-way rolls
 *       back and leaves its joins pending; concurrent admitters skip each other's locked joins. The
 *       member insert is {@code ON CONFLICT DO NOTHING} and the existing member id is returned, so
 *       one group and member key give one member however often, and by whichever join, it is
 *       admitted.
 *   <li><b>Park</b>: removing a group parks its pending joins with the reason ({@code
 *       GroupStore.setState}); parked joins are never admitted.
 *   <li><b>Purge</b> deletes admitted joins past their retention; the members stay.
 * </ul>
 */
public final class JoinQueue {
  /** Rows per multi-row INSERT (3 parameters each; PostgreSQL allows 65535). */
  public static final int MAX_ROWS_PER_STATEMENT = 1000;

  /** Largest batch for one enqueue or admission call. */
  public static final int MAX_BATCH = 10_000;

  private final Database db;

  public JoinQueue(Database db) {
    this.db = db;
  }

  /** Enqueues one join; the receipt is emitted after commit. */
  public Mono<JoinReceipt> enqueue(JoinRequest request) {
    if (request == null) {
      return Mono.error(StoreException.invalid("join request is required"));
    }
    return enqueueAll(List.of(request)).single();
  }

  /**
   * Enqueues a batch in one transaction and emits the receipts, in request order, after commit. All
   * or nothing: an unknown or removed group fails the whole batch and enqueues none.
   *
   * @throws StoreException {@code NOT_FOUND} for an unknown group, {@code GROUP_NOT_ACTIVE} for a
   *     removed one, {@code INVALID_ARGUMENT} for an empty or too large batch
   */
  public Flux<JoinReceipt> enqueueAll(List<JoinRequest> requests) {
    List<JoinRequest> batch;
    try {
      batch = List.copyOf(Checks.batch(requests, MAX_BATCH, "join batch"));
    } catch (StoreException | NullPointerException e) {
      return Flux.error(e instanceof StoreException ? e : StoreException.invalid("null join"));
    }
    if (batch.size() <= MAX_ROWS_PER_STATEMENT) {
      // One statement, all or nothing by itself: no BEGIN and COMMIT round trips. At a light
      // rate every join is a batch of its own, and these were two of its three statements.
      return db.withConnection(c -> insertChunk(c, batch));
    }
    return db.inTransaction(
            c ->
                Flux.range(0, (batch.size() + MAX_ROWS_PER_STATEMENT - 1) / MAX_ROWS_PER_STATEMENT)
                    .concatMap(
                        chunk ->
                            insertChunk(
                                c,
                                batch.subList(
                                    chunk * MAX_ROWS_PER_STATEMENT,
                                    Math.min(batch.size(), (chunk + 1) * MAX_ROWS_PER_STATEMENT))))
                    .collectList())
        .flatMapIterable(receipts -> receipts);
  }

  /**
   * One multi-row INSERT with numbered parameters ({@code Statement.add} would send one INSERT per
   * row). Not {@code unnest($1::bytea[])}: checked with r2dbc-postgresql 1.1.3, a {@code byte[][]}
   * parameter is sent as a text array whose elements lose the backslash of their {@code \x} prefix,
   * so {@code {1,2,3}} is stored as the bytes of "x010203" (and the codec leaks a ByteBuf on that
   * path). bigint[], int[] and text[] parameters are fine and are used.
   */
  private static Flux<JoinReceipt> insertChunk(Connection c, List<JoinRequest> chunk) {
    int n = chunk.size();
    StringBuilder values = new StringBuilder(n * 40);
    Object[] params = new Object[n * 3];
    for (int i = 0; i < n; i++) {
      JoinRequest r = chunk.get(i);
      int p = i * 3;
      values
          .append(i == 0 ? "(" : ", (")
          .append(i)
          .append(", $")
          .append(p + 1)
          .append("::bytea, $")
          .append(p + 2)
          .append("::bytea, $")
          .append(p + 3)
          .append("::bytea)");
      params[p] = r.groupId();
      params[p + 1] = r.memberKey();
      params[p + 2] = Sql.valueOrNull(r.profile(), byte[].class);
    }
    // Ordered by the request index so that queue ids (an identity) follow request order. Nothing
    // is inserted unless every row names a known group that is not removed, so the statement is
    // all or nothing on its own, and a short count fails the batch (in a transaction, the
    // transaction).
    String sql =
        "WITH v (ord, group_id, member_key, profile) AS (VALUES "
            + values
            + "), known AS (SELECT count(*) AS n FROM v JOIN relay_groups g"
            + " ON g.group_id = v.group_id AND g.state <> 'removed')"
            + " INSERT INTO pending_joins (group_id, member_key, profile)"
            + " SELECT v.group_id, v.member_key, v.profile FROM v"
            + " WHERE (SELECT n FROM known) = "
            + n
            + " ORDER BY v.ord"
            + " RETURNING queue_id, enqueued_at";
    // Queue ids follow the request order (the identity is drawn as the ordered rows are inserted),
    // so the i-th smallest id belongs to the i-th request.
    return Sql.query(
            c,
            sql,
            row -> Map.entry(Sql.longValue(row, "queue_id"), row.get("enqueued_at", Instant.class)),
            params)
        .collectList()
        .flatMapMany(
            rows -> {
              if (rows.size() != n) {
                return JoinQueue.<JoinReceipt>missingGroupError(c, chunk).flux();
              }
              List<Map.Entry<Long, Instant>> sorted = new ArrayList<>(rows);
              sorted.sort(Map.Entry.comparingByKey());
              List<JoinReceipt> receipts = new ArrayList<>(n);
              for (int i = 0; i < n; i++) {
                receipts.add(
                    new JoinReceipt(
                        sorted.get(i).getKey(), chunk.get(i).groupId(), sorted.get(i).getValue()));
              }
              return Flux.fromIterable(receipts);
            });
  }

  /**
   * Why a chunk was not inserted: some of its joins name a removed group, or an unknown one. The
   * error counts them; a removed group is reported before an unknown one.
   */
  private static <T> Mono<T> missingGroupError(Connection c, List<JoinRequest> chunk) {
    Map<ByteBuffer, byte[]> groups = new HashMap<>();
    for (JoinRequest r : chunk) {
      groups.putIfAbsent(ByteBuffer.wrap(r.groupId()), r.groupId());
    }
    return Flux.fromIterable(groups.values())
        .concatMap(
            g ->
                Sql.query(
                        c,
                        "SELECT state FROM relay_groups WHERE group_id = $1",
                        row -> row.get("state", String.class),
                        (Object) g)
                    .next()
                    .defaultIfEmpty("")
                    .map(state -> Map.entry(ByteBuffer.wrap(g), state)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .flatMap(
            states -> {
              boolean removed = states.containsValue("removed");
              String wanted = removed ? "removed" : "";
              long named =
                  chunk.stream()
                      .filter(r -> wanted.equals(states.get(ByteBuffer.wrap(r.groupId()))))
                      .count();
              return Mono.error(
                  new StoreException(
                      removed ? Kind.GROUP_NOT_ACTIVE : Kind.NOT_FOUND,
                      named
                          + " of "
                          + chunk.size()
                          + " joins name "
                          + (removed ? "a removed" : "an unknown")
                          + " group; none enqueued"));
            });
  }

  /**
   * Admits the next claimable joins, of one group or (with {@code groupId} null) of any, up to
   * {@code max}, in queue order and in one transaction: the joins are locked, marked admitted and
   * their members inserted and logged. A process that dies mid-way leaves them pending (its
   * transaction rolls back); concurrent callers skip each other's locked joins. Emits the {@link
   * Admission}s after commit, in queue order; none when nothing was claimable.
   */
  public Flux<Admission> admitNext(byte[] groupId, int max) {
    Object[] params;
    try {
      Checks.range(max, 1, MAX_BATCH, "admission batch");
      params =
          groupId == null
              ? new Object[] {max}
              : new Object[] {max, Checks.exactly(groupId, 32, "group id")};
    } catch (StoreException e) {
      return Flux.error(e);
    }
    String admit = groupId == null ? ADMIT_ANY : ADMIT_ONE_GROUP;
    return db.inTransaction(c -> admit(c, admit, params)).flatMapIterable(admissions -> admissions);
  }

  /**
   * The admitting statement ({@code $GROUP}: a group condition or nothing; {@code $1}: the batch
   * size). It locks the next claimable joins in queue order (pending, of an active group with a
   * validated address), marks them admitted, and inserts their members; it returns the admitted
   * joins and, as separate rows, the members it created with the queue id that created them. ON
   * CONFLICT DO NOTHING keeps one member per group and key; those that already existed get no id
   * from the INSERT. The two are matched in Java by queue id: a join of two CTEs would be a nested
   * loop (n * n).
   */
  private static final String ADMIT =
      "WITH c AS (SELECT j.queue_id FROM pending_joins j"
          + " WHERE j.status = 'pending'$GROUP"
          + " AND EXISTS (SELECT 1 FROM relay_groups g JOIN relay_addresses a USING (group_id)"
          + "   WHERE g.group_id = j.group_id AND g.state = 'active' AND a.validated)"
          + " ORDER BY j.queue_id LIMIT $1 FOR UPDATE OF j SKIP LOCKED),"
          + " done AS (UPDATE pending_joins p SET status = 'admitted', completed_at = now()"
          + " FROM c WHERE p.queue_id = c.queue_id"
          + " RETURNING p.queue_id, p.group_id, p.member_key, p.profile, p.enqueued_at),"
          + " created AS (INSERT INTO members (group_id, member_key, profile, admitted_by)"
          + " SELECT DISTINCT ON (group_id, member_key) group_id, member_key, profile, queue_id"
          + " FROM done ORDER BY group_id, member_key, queue_id"
          + " ON CONFLICT (group_id, member_key) DO NOTHING"
          + " RETURNING member_id, admitted_by)"
          + " SELECT queue_id, group_id, member_key, enqueued_at, NULL::bigint AS member_id"
          + " FROM done UNION ALL SELECT admitted_by, NULL, NULL, NULL, member_id FROM created";

  private static final String ADMIT_ANY = ADMIT.replace("$GROUP", "");
  private static final String ADMIT_ONE_GROUP = ADMIT.replace("$GROUP", " AND j.group_id = $2");

  /** A row of the admitting statement: an admitted join, or a member it created. */
  private record AdmitRow(
      long queueId, byte[] groupId, byte[] memberKey, Instant enqueuedAt, Long memberId) {}

  /**
   * Runs the admitting statement {@code admit} (see {@link #ADMIT}), looks up the members that
   * existed, and logs the new ones; the admissions in queue order.
   */
  private static Mono<List<Admission>> admit(Connection c, String admit, Object... params) {
    // Members that existed before: a new statement (snapshot) sees them, including one that a
    // concurrent transaction committed while ON CONFLICT waited for it.
    String existing =
        "SELECT p.queue_id, m.member_id FROM pending_joins p"
            + " JOIN members m ON m.group_id = p.group_id AND m.member_key = p.member_key"
            + " WHERE p.queue_id = ANY($1::bigint[])";
    return Sql.query(
            c,
            admit,
            row ->
                new AdmitRow(
                    Sql.longValue(row, "queue_id"),
                    row.get("group_id", byte[].class),
                    row.get("member_key", byte[].class),
                    row.get("enqueued_at", Instant.class),
                    row.get("member_id", Long.class)),
            params)
        .collectList()
        .flatMap(
            rows -> {
              Map<Long, Long> created = new HashMap<>();
              List<AdmitRow> joins = new ArrayList<>();
              for (AdmitRow r : rows) {
                if (r.memberId() != null) {
                  created.put(r.queueId(), r.memberId());
                } else {
                  joins.add(r);
                }
              }
              Long[] missing =
                  joins.stream()
                      .map(AdmitRow::queueId)
                      .filter(id -> !created.containsKey(id))
                      .toArray(Long[]::new);
              Mono<Map<Long, Long>> found =
                  missing.length == 0
                      ? Mono.just(Map.of())
                      : Sql.query(
                              c,
                              existing,
                              row ->
                                  Map.entry(
                                      Sql.longValue(row, "queue_id"),
                                      Sql.longValue(row, "member_id")),
                              (Object) missing)
                          .collectMap(Map.Entry::getKey, Map.Entry::getValue);
              return found
                  .map(f -> admissions(joins, created, f))
                  .flatMap(a -> logAdmissions(c, a));
            });
  }

  /**
   * Records the members an admission created in each group's service log, in the admitting
   * transaction (so the log has every admission exactly when it happened): one entry per group of
   * kind {@code MEMBERS_ADMITTED}, payload {@code count(Word16) (memberId(Int64)
   * memberKey(ByteString))*}. Returns the admissions, the new ones with their entry's number.
   */
  private static Mono<List<Admission>> logAdmissions(Connection c, List<Admission> admissions) {
    // Groups in one order (their hex ids) in every transaction: two workers admitting batches
    // of the same groups then queue on the groups' log heads instead of deadlocking on them.
    Map<String, List<Admission>> byGroup = new TreeMap<>();
    for (Admission a : admissions) {
      if (a.newMember()) {
        byGroup.computeIfAbsent(hex(a.groupId()), k -> new ArrayList<>()).add(a);
      }
    }
    return Flux.fromIterable(byGroup.values())
        .concatMap(
            list -> {
              byte[] groupId = list.get(0).groupId();
              BinaryWriter w = new BinaryWriter(4 + list.size() * 41);
              w.writeWord16(list.size());
              for (Admission a : list) {
                w.writeInt64(a.memberId()).writeShortBytes(a.memberKey());
              }
              return ServiceLog.appendIn(
                      c,
                      groupId,
                      NewServiceLogEntry.byRelay("MEMBERS_ADMITTED", w.toByteArray()),
                      null)
                  .map(entry -> Map.entry(hex(groupId), entry.seq()));
            })
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .map(
            seqs -> {
              List<Admission> out = new ArrayList<>(admissions.size());
              for (Admission a : admissions) {
                Long seq = a.newMember() ? seqs.get(hex(a.groupId())) : null;
                out.add(seq == null ? a : a.withLogSeq(seq));
              }
              return out;
            });
  }

  private static String hex(byte[] groupId) {
    return HexFormat.of().formatHex(groupId);
  }

  /** Admissions in queue order; new only for the join that created its member. */
  private static List<Admission> admissions(
      List<AdmitRow> joins, Map<Long, Long> created, Map<Long, Long> existing) {
    List<AdmitRow> sorted = new ArrayList<>(joins);
    sorted.sort(Comparator.comparingLong(AdmitRow::queueId));
    List<Admission> out = new ArrayList<>(sorted.size());
    for (AdmitRow r : sorted) {
      Long createdId = created.get(r.queueId());
      boolean isNew = createdId != null;
      long memberId = isNew ? createdId : existing.get(r.queueId());
      out.add(
          new Admission(
              r.queueId(), r.groupId(), r.memberKey(), memberId, isNew, r.enqueuedAt(), 0));
    }
    return out;
  }

  /** The join with this queue id, in whatever state, if it exists. */
  public Mono<QueuedJoin> find(long queueId) {
    return db.withConnection(
            c ->
                Sql.query(
                    c,
                    "SELECT p.queue_id, p.group_id, p.status, p.park_reason,"
                        + " CASE WHEN p.status = 'admitted' THEN m.member_id END AS member_id,"
                        + " p.enqueued_at FROM pending_joins p LEFT JOIN members m"
                        + " ON m.group_id = p.group_id AND m.member_key = p.member_key"
                        + " WHERE p.queue_id = $1",
                    JoinQueue::queuedJoin,
                    queueId))
        .next();
  }

  /** How many of the group's joins are pending, admitted and parked. */
  public Mono<QueueCounts> counts(byte[] groupId) {
    byte[] id;
    try {
      id = Checks.exactly(groupId, 32, "group id");
    } catch (StoreException e) {
      return Mono.error(e);
    }
    return db.withConnection(
            c ->
                Sql.query(
                    c,
                    "SELECT count(*) FILTER (WHERE status = 'pending') AS pending,"
                        + " count(*) FILTER (WHERE status = 'admitted') AS admitted,"
                        + " count(*) FILTER (WHERE status = 'parked') AS parked"
                        + " FROM pending_joins WHERE group_id = $1",
                    row ->
                        new QueueCounts(
                            Sql.longValue(row, "pending"),
                            Sql.longValue(row, "admitted"),
                            Sql.longValue(row, "parked")),
                    (Object) id))
        .next();
  }

  /**
   * The queue depth a relay reports: joins of all groups waiting and parked. Each count reads a
   * partial index; admitted joins are not counted, since their number grows with the retention
   * (counting them took 50 to 80 ms every 10 s at 100,000 records).
   */
  public Mono<QueueDepth> depth() {
    return db.withConnection(
            c ->
                Sql.query(
                    c,
                    DEPTH,
                    row ->
                        new QueueDepth(
                            Sql.longValue(row, "pending"), Sql.longValue(row, "parked"))))
        .next();
  }

  /** The statement of {@link #depth}. */
  static final String DEPTH =
      "SELECT (SELECT count(*) FROM pending_joins WHERE status = 'pending') AS pending,"
          + " (SELECT count(*) FROM pending_joins WHERE status = 'parked') AS parked";

  /**
   * Deletes up to {@code maxRows} joins admitted more than {@code olderThan} ago, oldest first, in
   * one short transaction (the members stay). Pending and parked joins are never deleted here. A
   * caller with more to purge calls again until fewer than {@code maxRows} are deleted.
   *
   * @return how many were deleted
   * @throws StoreException {@code INVALID_ARGUMENT} for a negative age or a bound outside 1 to
   *     {@link #MAX_BATCH}
   */
  public Mono<Long> purgeAdmitted(Duration olderThan, int maxRows) {
    if (olderThan == null || olderThan.isNegative()) {
      return Mono.error(StoreException.invalid("olderThan must be a non-negative duration"));
    }
    if (maxRows < 1 || maxRows > MAX_BATCH) {
      return Mono.error(StoreException.invalid("maxRows must be between 1 and " + MAX_BATCH));
    }
    // The partial index pending_joins_admitted (V3) finds the oldest admitted rows without
    // scanning the pending and parked ones.
    return db.inTransaction(
        c ->
            Sql.update(
                c,
                "DELETE FROM pending_joins WHERE queue_id IN (SELECT queue_id FROM pending_joins"
                    + " WHERE status = 'admitted'"
                    + " AND completed_at < now() - $1::bigint * interval '1 millisecond'"
                    + " ORDER BY completed_at LIMIT $2::int)",
                olderThan.toMillis(),
                maxRows));
  }

  private static QueuedJoin queuedJoin(Readable row) {
    Long memberId = row.get("member_id", Long.class);
    return new QueuedJoin(
        Sql.longValue(row, "queue_id"),
        Sql.bytes(row, "group_id"),
        JoinState.fromSql(row.get("status", String.class)),
        Optional.ofNullable(row.get("park_reason", String.class)),
        memberId == null ? OptionalLong.empty() : OptionalLong.of(memberId),
        row.get("enqueued_at", Instant.class));
  }
}
