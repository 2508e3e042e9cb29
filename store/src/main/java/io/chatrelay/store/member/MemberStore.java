package io.chatrelay.store.member;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;
import io.chatrelay.store.postgres.Database;
import io.chatrelay.store.postgres.Sql;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Admitted members and the owners' certificates of their keys. Members are created only by
 * completing joins ({@link io.chatrelay.store.join.JoinQueue#complete}).
 */
public final class MemberStore {
  private static final String COLUMNS =
      "member_id, group_id, member_key, profile, admitted_at, admitted_by";

  private final Database db;

  public MemberStore(Database db) {
    this.db = db;
  }

  /** The member of the group with this key, if admitted. */
  public Mono<Member> find(byte[] groupId, byte[] memberKey) {
    Object[] args;
    try {
      args =
          new Object[] {
            Checks.exactly(groupId, 32, "group id"), Checks.exactly(memberKey, 32, "member key")
          };
    } catch (StoreException e) {
      return Mono.error(e);
    }
    return db.withConnection(
            c ->
                Sql.query(
                    c,
                    "SELECT " + COLUMNS + " FROM members WHERE group_id = $1 AND member_key = $2",
                    MemberStore::member,
                    args))
        .next();
  }

  /** Members of the group with ids above {@code afterMemberId}, at most {@code limit} (1..1000). */
  public Flux<Member> list(byte[] groupId, long afterMemberId, int limit) {
    Object[] args;
    try {
      args =
          new Object[] {
            Checks.exactly(groupId, 32, "group id"),
            afterMemberId,
            Checks.range(limit, 1, 1000, "limit")
          };
    } catch (StoreException e) {
      return Flux.error(e);
    }
    return db.withConnection(
        c ->
            Sql.query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM members WHERE group_id = $1 AND member_id > $2"
                    + " ORDER BY member_id LIMIT $3",
                MemberStore::member,
                args));
  }

  /** How many members the group has. */
  public Mono<Long> count(byte[] groupId) {
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
                    "SELECT count(*) AS n FROM members WHERE group_id = $1",
                    row -> Sql.longValue(row, "n"),
                    (Object) id))
        .next();
  }

  /**
   * Stores an owner's certificate of a member's key, replacing an earlier one.
   *
   * @throws StoreException {@code NOT_FOUND} when the key is not an admitted member
   */
  public Mono<Void> putCertificate(byte[] groupId, byte[] memberKey, byte[] certificate) {
    Object[] args;
    try {
      args =
          new Object[] {
            Checks.exactly(groupId, 32, "group id"),
            Checks.exactly(memberKey, 32, "member key"),
            Checks.between(certificate, 1, 16384, "certificate")
          };
    } catch (StoreException e) {
      return Mono.error(e);
    }
    return db.inTransaction(
            c ->
                Sql.update(
                    c,
                    "INSERT INTO member_certificates (group_id, member_key, certificate)"
                        + " VALUES ($1, $2, $3) ON CONFLICT (group_id, member_key)"
                        + " DO UPDATE SET certificate = EXCLUDED.certificate, stored_at = now()",
                    args))
        .onErrorMap(
            e ->
                e instanceof StoreException se && se.kind() == StoreException.Kind.NOT_FOUND
                    ? StoreException.notFound("member key is not admitted to the group")
                    : e)
        .then();
  }

  /** The stored certificate of a member's key, if any. */
  public Mono<byte[]> certificate(byte[] groupId, byte[] memberKey) {
    Object[] args;
    try {
      args =
          new Object[] {
            Checks.exactly(groupId, 32, "group id"), Checks.exactly(memberKey, 32, "member key")
          };
    } catch (StoreException e) {
      return Mono.error(e);
    }
    return db.withConnection(
            c ->
                Sql.query(
                    c,
                    "SELECT certificate FROM member_certificates"
                        + " WHERE group_id = $1 AND member_key = $2",
                    row -> Sql.bytes(row, "certificate"),
                    args))
        .next();
  }

  private static Member member(Readable row) {
    Long admittedBy = row.get("admitted_by", Long.class);
    return new Member(
        Sql.longValue(row, "member_id"),
        Sql.bytes(row, "group_id"),
        Sql.bytes(row, "member_key"),
        Optional.ofNullable(Sql.bytes(row, "profile")),
        row.get("admitted_at", Instant.class),
        admittedBy == null ? OptionalLong.empty() : OptionalLong.of(admittedBy));
  }
}
