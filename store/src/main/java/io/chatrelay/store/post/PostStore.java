package io.chatrelay.store.post;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;
import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.postgres.Database;
import io.chatrelay.store.postgres.Sql;
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
 * in parallel; it reserves the next range with {@code UPDATE relay_groups SET last_post_seq =
 * last_post_seq + n ... RETURNING} and inserts the batch in one multi-row INSERT, all in one
 * transaction: a failed append reserves nothing, so the numbers stay gap-free. Posts whose id is
 * already stored are not written again; their receipt carries the stored number.
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
    return db.inTransaction(c -> appendLocked(c, gid, batch)).flatMapIterable(r -> r);
  }

  private static Mono<List<PostReceipt>> appendLocked(
      Connection c, byte[] gid, List<NewPost> batch) {
    // FOR NO KEY UPDATE: serialises the group's appends and its state changes, but not the
    // foreign-key checks of other tables' inserts; FOR UPDATE once made every join intake batch
    // that held one of this group's joins wait for the post batch's commit. This lookup is also
    // what keeps posts of an unknown or inactive group out: posts have no foreign key (V8).
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
              // Receipts in request order; new posts (first of each id) get the next numbers.
              Map<ByteBuffer, Long> seen = new HashMap<>(stored);
              List<NewPost> fresh = new ArrayList<>();
              for (NewPost p : batch) {
                ByteBuffer key = ByteBuffer.wrap(p.postId());
                if (!seen.containsKey(key)) {
                  seen.put(key, -1L - fresh.size());
                  fresh.add(p);
                }
              }
              Mono<Long> base =
                  fresh.isEmpty()
                      ? Mono.just(0L)
                      : Sql.query(
                              c,
                              "UPDATE relay_groups SET last_post_seq = last_post_seq + $2,"
                                  + " updated_at = now() WHERE group_id = $1"
                                  + " RETURNING last_post_seq - $2 AS base",
                              row -> Sql.longValue(row, "base"),
                              gid,
                              (long) fresh.size())
                          .next()
                          .flatMap(b -> insert(c, gid, b, fresh).thenReturn(b));
              return base.map(
                  b -> {
                    List<PostReceipt> receipts = new ArrayList<>(batch.size());
                    Map<ByteBuffer, Boolean> firstSeen = new HashMap<>();
                    for (NewPost p : batch) {
                      ByteBuffer key = ByteBuffer.wrap(p.postId());
                      long v = seen.get(key);
                      boolean isNew = v < 0 && firstSeen.putIfAbsent(key, Boolean.TRUE) == null;
                      long seq = v < 0 ? b + (-1L - v) + 1 : v;
                      receipts.add(new PostReceipt(p.postId(), seq, !isNew));
                    }
                    return receipts;
                  });
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

  private static Mono<Long> insert(Connection c, byte[] gid, long base, List<NewPost> fresh) {
    StringBuilder values = new StringBuilder(fresh.size() * 40);
    Object[] params = new Object[2 + fresh.size() * 3];
    params[0] = gid;
    params[1] = base;
    for (int i = 0; i < fresh.size(); i++) {
      NewPost p = fresh.get(i);
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
    return Sql.update(
        c,
        "INSERT INTO posts (group_id, seq, post_id, author_key, post)"
            + " SELECT $1, $2::bigint + v.ord, v.post_id, v.author_key, v.post FROM (VALUES "
            + values
            + ") AS v(ord, post_id, author_key, post)",
        params);
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
