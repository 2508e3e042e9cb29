package io.chatrelay.store.log;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;
import io.chatrelay.store.postgres.Database;
import io.chatrelay.store.postgres.Sql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The relay service log: per group, an append-only record of every state change and command. There
 * is no update or delete here, and a database trigger refuses them too. Sequence numbers come from
 * the group's row in {@code service_log_heads}, taken in the appending transaction ({@link
 * #appendIn}), so they have no gaps.
 */
public final class ServiceLog {
  /** Largest page for one read. */
  public static final int MAX_PAGE = 1000;

  private final Database db;

  public ServiceLog(Database db) {
    this.db = db;
  }

  /**
   * Appends an entry under the group's next sequence number in the transaction of {@code c}, in one
   * statement, and emits it: empty (nothing written) for an unknown group. The number comes from
   * the group's row in {@code service_log_heads}, which stays locked until that transaction ends,
   * so appends to one group's log take their numbers in turn, and a rolled-back append leaves no
   * gap.
   *
   * @param commandId the owner command it records, or null
   */
  public static Mono<ServiceLogEntry> appendIn(
      Connection c, byte[] groupId, NewServiceLogEntry entry, byte[] commandId) {
    return Sql.query(
            c,
            "WITH head AS (INSERT INTO service_log_heads (group_id, last_log_seq)"
                + " SELECT group_id, 1 FROM relay_groups WHERE group_id = $1"
                + " ON CONFLICT (group_id)"
                + " DO UPDATE SET last_log_seq = service_log_heads.last_log_seq + 1"
                + " RETURNING last_log_seq)"
                + " INSERT INTO service_log (group_id, seq, kind, actor_key, payload, signature,"
                + " command_id) SELECT $1, last_log_seq, $2, $3, $4, $5, $6 FROM head"
                + " RETURNING group_id, seq, logged_at, kind, actor_key, payload, signature",
            ServiceLog::entry,
            groupId,
            entry.kind(),
            Sql.valueOrNull(entry.actorKey(), byte[].class),
            entry.payload(),
            Sql.valueOrNull(entry.signature(), byte[].class),
            Sql.valueOrNull(Optional.ofNullable(commandId), byte[].class))
        .next();
  }

  /**
   * Appends an entry and emits it, with its sequence number, after commit.
   *
   * @throws StoreException {@code NOT_FOUND} for an unknown group
   */
  public Mono<ServiceLogEntry> append(byte[] groupId, NewServiceLogEntry entry) {
    byte[] gid;
    try {
      gid = Checks.exactly(groupId, 32, "group id");
      Checks.required(entry, "log entry");
    } catch (StoreException e) {
      return Mono.error(e);
    }
    return db.inTransaction(
        c ->
            appendIn(c, gid, entry, null)
                .switchIfEmpty(
                    Mono.error(StoreException.notFound("no group " + Checks.shortHex(gid)))));
  }

  /**
   * Appends an owner command's entry once per command id: empty (and nothing written) when the
   * group's log already holds an entry with {@code commandId}, so a replayed command is refused
   * even across restarts. The group row is locked first, so two concurrent appends of one command
   * cannot both pass the check, and a refused one takes no sequence number (no gap).
   *
   * @throws StoreException {@code NOT_FOUND} for an unknown group
   */
  public Mono<ServiceLogEntry> appendCommand(
      byte[] groupId, byte[] commandId, NewServiceLogEntry entry) {
    byte[] gid;
    byte[] cid;
    try {
      gid = Checks.exactly(groupId, 32, "group id");
      cid = Checks.between(commandId, 1, 64, "command id");
      Checks.required(entry, "log entry");
    } catch (StoreException e) {
      return Mono.error(e);
    }
    return db.inTransaction(
        c ->
            Sql.query(
                    c,
                    // NO KEY: does not block other tables' foreign-key checks (see PostStore).
                    "SELECT group_id FROM relay_groups WHERE group_id = $1 FOR NO KEY UPDATE",
                    row -> true,
                    (Object) gid)
                .next()
                .switchIfEmpty(
                    Mono.error(StoreException.notFound("no group " + Checks.shortHex(gid))))
                // A new statement after the lock: under READ COMMITTED it sees a commit that the
                // lock waited for (a check inside the locking statement would not).
                .then(
                    Sql.query(
                            c,
                            "SELECT EXISTS (SELECT 1 FROM service_log WHERE group_id = $1"
                                + " AND command_id = $2) AS seen",
                            row -> Boolean.TRUE.equals(row.get("seen", Boolean.class)),
                            gid,
                            cid)
                        .next())
                .flatMap(
                    seen -> seen ? Mono.<ServiceLogEntry>empty() : appendIn(c, gid, entry, cid)));
  }

  /** Entries of a group from {@code fromSeq} on, in order, at most {@code limit} (1..1000). */
  public Flux<ServiceLogEntry> read(byte[] groupId, long fromSeq, int limit) {
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
                "SELECT group_id, seq, logged_at, kind, actor_key, payload, signature"
                    + " FROM service_log WHERE group_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3",
                ServiceLog::entry,
                args));
  }

  private static ServiceLogEntry entry(Readable row) {
    return new ServiceLogEntry(
        Sql.bytes(row, "group_id"),
        Sql.longValue(row, "seq"),
        row.get("logged_at", Instant.class),
        row.get("kind", String.class),
        Optional.ofNullable(Sql.bytes(row, "actor_key")),
        Sql.bytes(row, "payload"),
        Optional.ofNullable(Sql.bytes(row, "signature")));
  }
}
