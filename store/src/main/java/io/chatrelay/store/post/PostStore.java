package io.chatrelay.store.post;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;
import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.postgres.Database;
import io.chatrelay.store.postgres.Sql;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Posts with per-group gap-free sequence numbers.
 *
 * <p>An append locks the group row, so appends to one group are serialised while other groups go on
 * in parallel; in one statement it reserves the next range with {@code UPDATE relay_groups SET
 * last_post_seq = last_post_seq + n ... RETURNING} and inserts the new posts in one multi-row
 * INSERT, in one transaction: a failed append reserves nothing, so the numbers stay gap-free. Posts
 * whose id is already stored are not written again; their receipt carries the stored number. An
 * append whose ids are all new, nearly every one, is that statement alone; one with a stored id
 * first locks the group row and looks its ids up.
 */
public final class PostStore {
  /** Largest batch for one append. */
  public static final int MAX_BATCH = 1000;

  /** Largest page for one read. */
  public static final int MAX_PAGE = 1000;

  private final Database db;

  public PostStore(Database db) {
    this.db = db;
  }

  /**
   * Appends posts to an active or suspended group and emits a receipt per post, in order, after
   * commit.
   *
   * @throws StoreException {@code NOT_FOUND} for an unknown group, {@code GROUP_NOT_ACTIVE} for a
   *     pending or removed one
   */
  public Flux<PostReceipt> append(byte[] groupId, List<NewPost> posts) {
    byte[] gid;
    List<NewPost> batch;
    try {
      gid = Checks.exactly(groupId, 32, "group id");
      batch = List.copyOf(Checks.batch(posts, MAX_BATCH, "post batch"));
    } catch (StoreException | NullPointerException e) {
      return Flux.error(e instanceof StoreException ? e : StoreException.invalid("null post"));
    }
    return db.inTransaction(c -> appendNew(c, gid, batch))
        .onErrorResume(
            e -> e.getCause() instanceof SomeStoredAlready,
            e -> db.inTransaction(c -> appendLocked(c, gid, batch)))
        .flatMapIterable(r -> r);
  }

  /**
   * The append as one statement, assuming that no post of the batch is stored yet (the common case:
   * a post id comes back only when a client sends again what it sent before its connection broke):
   * reserves the numbers of the batch's new posts and inserts them. The insert checks each id in
   * the {@code (group_id, post_id)} unique index it writes anyway; if an id is stored already, the
   * unique violation aborts the transaction ({@link SomeStoredAlready}) and {@link #appendLocked}
   * does the append with a lookup first. PostgreSQL logs that violation as an error, once per such
   * batch; {@code ON CONFLICT DO NOTHING} would not, but made the statement dearer (speculative
   * insertion: 2.0 ms a batch of 128 against 1.7 ms, docs/benchmarks.md). The INSERT runs to
   * completion though the query reads only the UPDATE (PostgreSQL runs a data-modifying {@code
   * WITH} exactly once), so a row that cannot be inserted fails the statement. If the group is not
   * active or suspended, nothing is reserved or inserted, and {@link #appendLocked} in the same
   * transaction says why.
   */
  private static Mono<List<PostReceipt>> appendNew(Connection c, byte[] gid, List<NewPost> batch) {
    Numbering numbering = new Numbering(batch, Map.of());
    return reserveAndInsert(c, gid, numbering.fresh)
        .map(numbering::receipts)
        .switchIfEmpty(Mono.defer(() -> appendLocked(c, gid, batch)))
        .onErrorMap(PostStore::isStoredPostId, e -> new SomeStoredAlready());
  }

  /**
   * Reserves the next numbers for {@code fresh} and inserts them under those numbers, in one
   * statement; the number before the first, or empty (nothing reserved or inserted) if the group is
   * not active or suspended.
   */
  private static Mono<Long> reserveAndInsert(Connection c, byte[] gid, List<NewPost> fresh) {
    Object[] params = new Object[2 + fresh.size() * 3];
    params[0] = gid;
    params[1] = (long) fresh.size();
    return Sql.query(
            c,
            "WITH g AS (UPDATE relay_groups SET last_post_seq = last_post_seq + $2,"
                + " updated_at = now() WHERE group_id = $1 AND state IN ('active', 'suspended')"
                + " RETURNING last_post_seq - $2 AS base),"
                + " ins AS (INSERT INTO posts (group_id, seq, post_id, author_key, post)"
                + " SELECT $1, g.base + v.ord, v.post_id, v.author_key, v.post FROM g, "
                + values(fresh, params)
                + ") SELECT base FROM g",
            row -> Sql.longValue(row, "base"),
            params)
        .next();
  }

  /** A unique violation of {@code (group_id, post_id)}: a post id of the batch is stored. */
  private static boolean isStoredPostId(Throwable e) {
    return e instanceof PostgresqlException pe
        && "23505".equals(pe.getErrorDetails().getCode())
        && pe.getErrorDetails()
            .getConstraintName()
            .filter("posts_group_id_post_id_key"::equals)
            .isPresent();
  }

  /** An append found some of its post ids stored already; its transaction must not commit. */
  private static final class SomeStoredAlready extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SomeStoredAlready() {
      super("some posts of the batch are stored already", null, false, false);
    }
  }

  /**
   * Which posts of a batch are new (the first of each id that is not stored) and every post's
   * receipt, in request order, once the number before the new ones is known.
   */
  private static final class Numbering {
    private final List<NewPost> batch;

    /** The stored number of each id, or −1 − (its index in {@link #fresh}) for a new one. */
    private final Map<ByteBuffer, Long> seen;

    final List<NewPost> fresh = new ArrayList<>();

    Numbering(List<NewPost> batch, Map<ByteBuffer, Long> stored) {
      this.batch = batch;
      this.seen = new HashMap<>(stored);
      for (NewPost p : batch) {
        ByteBuffer key = ByteBuffer.wrap(p.postId());
        if (!seen.containsKey(key)) {
          seen.put(key, -1L - fresh.size());
          fresh.add(p);
        }
      }
    }

    List<PostReceipt> receipts(long base) {
      List<PostReceipt> receipts = new ArrayList<>(batch.size());
      Map<ByteBuffer, Boolean> firstSeen = new HashMap<>();
      for (NewPost p : batch) {
        ByteBuffer key = ByteBuffer.wrap(p.postId());
        long v = seen.get(key);
        boolean isNew = v < 0 && firstSeen.putIfAbsent(key, Boolean.TRUE) == null;
        long seq = v < 0 ? base + (-1L - v) + 1 : v;
        receipts.add(new PostReceipt(p.postId(), seq, !isNew));
      }
      return receipts;
    }
  }

  private static Mono<List<PostReceipt>> appendLocked(
      Connection c, byte[] gid, List<NewPost> batch) {
    // FOR NO KEY UPDATE: serialises the group's appends and its state changes, but not the
    // foreign-key checks of other tables' inserts; FOR UPDATE once made every join intake batch
    // that held one of this group's joins wait for the post batch's commit. This lookup, like
    // appendNew's UPDATE ... WHERE state IN (...), is what keeps posts of an unknown or inactive
    // group out: posts have no foreign key (V8).
    return Sql.query(
            c,
            "SELECT state FROM relay_groups WHERE group_id = $1 FOR NO KEY UPDATE",
            row -> row.get("state", String.class),
            (Object) gid)
        .next()
        .switchIfEmpty(Mono.error(StoreException.notFound("no group " + Checks.shortHex(gid))))
        .flatMap(
            state -> {
              if (!state.equals("active") && !state.equals("suspended")) {
                return Mono.error(
                    new StoreException(
                        Kind.GROUP_NOT_ACTIVE,
                        "group " + Checks.shortHex(gid) + " is " + state + ": no posts"));
              }
              return existing(c, gid, batch);
            })
        .flatMap(
            stored -> {
              Numbering numbering = new Numbering(batch, stored);
              if (numbering.fresh.isEmpty()) {
                return Mono.just(numbering.receipts(0));
              }
              // The group's row is locked and its state checked above: the numbers are reserved.
              return reserveAndInsert(c, gid, numbering.fresh).map(numbering::receipts);
            });
  }

  private static Mono<Map<ByteBuffer, Long>> existing(
      Connection c, byte[] gid, List<NewPost> batch) {
    Object[] params = new Object[batch.size() + 1];
    params[0] = gid;
    for (int i = 0; i < batch.size(); i++) {
      params[i + 1] = batch.get(i).postId();
    }
    return Sql.query(
            c,
            existingStatement(batch.size()),
            row ->
                Optional.ofNullable(row.get("seq", Long.class))
                    .map(seq -> Map.entry(ByteBuffer.wrap(Sql.bytes(row, "post_id")), seq)),
            params)
        .flatMap(Mono::justOrEmpty)
        .collectMap(Map.Entry::getKey, Map.Entry::getValue);
  }

  /**
   * Each of {@code n} post ids ({@code $2…}) with its number in group {@code $1}, or null if it is
   * not stored: one probe of the {@code (group_id, post_id)} unique index per id, a scalar subquery
   * so that the planner cannot choose otherwise (and the nulls are skipped by the caller, since a
   * filter on the subquery's result would run it twice). {@code post_id IN (…)} let the planner
   * scan every post of the group when its statistics underestimated the group (a new table, a group
   * grown since the last ANALYZE): each append then read the whole group, 1.7 ms for 128 posts at
   * 30,000 posts.
   */
  static String existingStatement(int n) {
    StringBuilder ids = new StringBuilder(n * 16);
    for (int i = 0; i < n; i++) {
      ids.append(i == 0 ? "($" : ", ($").append(i + 2).append("::bytea)");
    }
    return "SELECT q.post_id,"
        + " (SELECT p.seq FROM posts p WHERE p.group_id = $1 AND p.post_id = q.post_id) AS seq"
        + " FROM (VALUES "
        + ids
        + ") AS q(post_id)";
  }

  /**
   * {@code (VALUES (1, $3, $4, $5), (2, $6, …)) AS v(ord, post_id, author_key, post)} for the
   * posts, whose fields it puts in {@code params} from {@code $3} on.
   */
  private static String values(List<NewPost> posts, Object[] params) {
    StringBuilder values = new StringBuilder(posts.size() * 40).append("(VALUES ");
    for (int i = 0; i < posts.size(); i++) {
      NewPost p = posts.get(i);
      int first = 3 + i * 3;
      values
          .append(i == 0 ? "(" : ", (")
          .append(i + 1)
          .append(", $")
          .append(first)
          .append("::bytea, $")
          .append(first + 1)
          .append("::bytea, $")
          .append(first + 2)
          .append("::bytea)");
      params[first - 1] = p.postId();
      params[first] = p.authorKey();
      params[first + 1] = p.post();
    }
    return values.append(") AS v(ord, post_id, author_key, post)").toString();
  }

  /**
   * Posts of a group from {@code fromSeq} on, in order, at most {@code limit} (1..{@value
   * #MAX_PAGE}). Posts deleted by retention are skipped: the first post returned may have a higher
   * number than asked for.
   */
  public Flux<Post> read(byte[] groupId, long fromSeq, int limit) {
    Object[] args;
    try {
      args =
          new Object[] {
            Checks.exactly(groupId, 32, "group id"),
            Checks.atLeast(fromSeq, 0, "from sequence number"),
            Checks.range(limit, 1, MAX_PAGE, "page size")
          };
    } catch (StoreException e) {
      return Flux.error(e);
    }
    return db.withConnection(
        c ->
            Sql.query(
                c,
                "SELECT group_id, seq, post_id, author_key, post, posted_at FROM posts"
                    + " WHERE group_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3",
                PostStore::post,
                args));
  }

  /**
   * Deletes the group's posts beyond the retention bounds (by count, by age, or both).
   *
   * @return how many posts were deleted
   */
  public Mono<Long> prune(byte[] groupId, PostRetention retention) {
    byte[] gid;
    try {
      gid = Checks.exactly(groupId, 32, "group id");
      Checks.required(retention, "retention");
    } catch (StoreException e) {
      return Mono.error(e);
    }
    return db.inTransaction(
        c ->
            Sql.update(
                c,
                "DELETE FROM posts p USING relay_groups g WHERE p.group_id = $1"
                    + " AND g.group_id = p.group_id"
                    + " AND (($2::bigint IS NOT NULL AND p.seq <= g.last_post_seq - $2::bigint)"
                    + " OR ($3::bigint IS NOT NULL"
                    + " AND p.posted_at < now() - $3::bigint * interval '1 millisecond'))",
                gid,
                retention.maxCount().isPresent()
                    ? (Object) retention.maxCount().getAsLong()
                    : Sql.nullOf(Long.class),
                Sql.valueOrNull(retention.maxAge().map(Duration::toMillis), Long.class)));
  }

  private static Post post(Readable row) {
    return new Post(
        Sql.bytes(row, "group_id"),
        Sql.longValue(row, "seq"),
        Sql.bytes(row, "post_id"),
        Sql.bytes(row, "author_key"),
        Sql.bytes(row, "post"),
        row.get("posted_at", Instant.class));
  }
}
