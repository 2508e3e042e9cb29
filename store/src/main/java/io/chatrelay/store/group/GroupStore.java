package io.chatrelay.store.group;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;
import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.postgres.Database;
import io.chatrelay.store.postgres.Sql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Groups and their relay addresses: registration (idempotent), validation, link data updates with a
 * version check, state changes, and look-ups by link key or address id.
 */
public final class GroupStore {
  /** Length of a generated relay address id. */
  public static final int ADDRESS_ID_LENGTH = 24;

  static final String GROUP_COLUMNS =
      "g.group_id, g.link_key, g.group_type, g.fixed_link_data, g.link_data,"
          + " g.link_data_version, g.state, g.last_post_seq,"
          + " COALESCE((SELECT h.last_log_seq FROM service_log_heads h"
          + " WHERE h.group_id = g.group_id), 0) AS last_log_seq, g.created_at,"
          + " g.updated_at";
  private static final String ADDRESS_COLUMNS =
      "a.group_id, a.address_id, a.validated_at, a.created_at";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database db;

  public GroupStore(Database db) {
    this.db = db;
  }

  /**
   * Registers a group and creates its relay address, or returns the ones already there. Repeated
   * and concurrent registrations of the same group create one group row and one address: both
   * inserts are {@code ON CONFLICT DO NOTHING} followed by a read.
   *
   * @return the group and its address; {@code created} is true for the call that created the
   *     address. A group registered again after removal comes back as it is, removed: the caller
   *     checks the state
   * @throws StoreException {@code CONFLICT} when the group id is registered with other fixed link
   *     data, or another group has the same link key
   */
  public Mono<RegisteredGroup> register(GroupRegistration registration) {
    if (registration == null) {
      return Mono.error(StoreException.invalid("registration is required"));
    }
    return Mono.fromCallable(GroupStore::newAddressId)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(addressId -> db.inTransaction(c -> register(c, registration, addressId)));
  }

  private static Mono<RegisteredGroup> register(
      Connection c, GroupRegistration registration, byte[] addressId) {
    byte[] groupId = registration.groupId();
    return insertGroup(c, registration)
        .then(findGroup(c, groupId))
        // Not inserted and not there: another group holds the link key.
        .switchIfEmpty(
            Mono.error(
                StoreException.conflict(
                    "another group already has the link key of group " + Checks.shortHex(groupId))))
        .flatMap(group -> checkSameGroup(group, registration))
        .flatMap(
            group ->
                Sql.update(
                        c,
                        "INSERT INTO relay_addresses (group_id, address_id) VALUES ($1, $2)"
                            + " ON CONFLICT (group_id) DO NOTHING",
                        groupId,
                        addressId)
                    .flatMap(
                        inserted ->
                            findAddress(c, groupId)
                                .map(
                                    address ->
                                        new RegisteredGroup(group, address, inserted == 1))));
  }

  /**
   * Inserts the group unless a row has its id or its link key. Every unique index is an arbiter:
   * with only the id named, two concurrent registrations of one group could both pass the id check
   * and the second fail on the link key's index (a unique violation) instead of doing nothing.
   */
  private static Mono<Long> insertGroup(Connection c, GroupRegistration r) {
    return Sql.update(
        c,
        "INSERT INTO relay_groups (group_id, link_key, group_type, fixed_link_data, link_data,"
            + " link_data_version) VALUES ($1, $2, $3, $4, $5, $6)"
            + " ON CONFLICT DO NOTHING",
        r.groupId(),
        r.linkKey(),
        r.type().sql(),
        r.fixedLinkData(),
        r.linkData(),
        r.linkDataVersion());
  }

  private static Mono<Group> checkSameGroup(Group stored, GroupRegistration r) {
    if (!Arrays.equals(stored.linkKey(), r.linkKey())
        || !Arrays.equals(stored.fixedLinkData(), r.fixedLinkData())
        || stored.type() != r.type()) {
      return Mono.error(
          StoreException.conflict(
              "group " + Checks.shortHex(r.groupId()) + " is registered with other link data"));
    }
    return Mono.just(stored);
  }

  /** The relay address of a group, if it has one. */
  public Mono<RelayAddress> address(byte[] groupId) {
    return Mono.fromCallable(() -> Checks.exactly(groupId, 32, "group id"))
        .flatMap(id -> db.withConnection(c -> findAddress(c, id).flux()).next());
  }

  /**
   * Marks the group's relay address validated (idempotent: the first validation time stays) and
   * makes a pending group active, releasing its held joins to the workers.
   *
   * @throws StoreException {@code NOT_FOUND} when the group has no relay address
   */
  public Mono<RelayAddress> markValidated(byte[] groupId) {
    return Mono.fromCallable(() -> Checks.exactly(groupId, 32, "group id"))
        .flatMap(
            id ->
                db.inTransaction(
                    c ->
                        Sql.query(
                                c,
                                "UPDATE relay_addresses a SET validated = true,"
                                    + " validated_at = COALESCE(a.validated_at, now())"
                                    + " WHERE a.group_id = $1 RETURNING "
                                    + ADDRESS_COLUMNS,
                                GroupStore::address,
                                id)
                            .next()
                            .switchIfEmpty(
                                Mono.error(
                                    StoreException.notFound(
                                        "group " + Checks.shortHex(id) + " has no relay address")))
                            .flatMap(
                                address ->
                                    Sql.update(
                                            c,
                                            "UPDATE relay_groups SET state = 'active',"
                                                + " updated_at = now()"
                                                + " WHERE group_id = $1 AND state = 'pending'",
                                            id)
                                        .thenReturn(address))));
  }

  /**
   * Stores newer verified link data. The update applies only if {@code version} is greater than the
   * stored version: a relay (or a replayed message) cannot roll the link data back.
   *
   * @throws StoreException {@code STALE_VERSION} when {@code version} is not greater, {@code
   *     NOT_FOUND} for an unknown group, {@code GROUP_NOT_ACTIVE} for a removed one
   */
  public Mono<Group> updateLinkData(byte[] groupId, long version, byte[] linkData) {
    return Mono.fromCallable(
            () ->
                new Object[] {
                  Checks.exactly(groupId, 32, "group id"),
                  Checks.atLeast(version, 0, "link data version"),
                  Checks.between(linkData, 1, 1 << 20, "link data")
                })
        .flatMap(
            args ->
                db.inTransaction(
                    c ->
                        Sql.query(
                                c,
                                "UPDATE relay_groups g SET link_data = $3, link_data_version = $2,"
                                    + " updated_at = now() WHERE g.group_id = $1"
                                    + " AND g.link_data_version < $2 AND g.state <> 'removed'"
                                    + " RETURNING "
                                    + GROUP_COLUMNS,
                                GroupStore::group,
                                args)
                            .next()
                            .switchIfEmpty(
                                Mono.defer(
                                    () ->
                                        findGroup(c, (byte[]) args[0])
                                            .switchIfEmpty(notFound((byte[]) args[0]))
                                            .flatMap(
                                                g ->
                                                    Mono.error(
                                                        g.state() == GroupState.REMOVED
                                                            ? new StoreException(
                                                                Kind.GROUP_NOT_ACTIVE,
                                                                "group "
                                                                    + Checks.shortHex(g.groupId())
                                                                    + " is removed")
                                                            : new StoreException(
                                                                Kind.STALE_VERSION,
                                                                "link data version "
                                                                    + version
                                                                    + " is not greater than the"
                                                                    + " stored "
                                                                    + g.linkDataVersion())))))));
  }

  /**
   * Sets the group's state. {@code REMOVED} is final and parks the group's pending joins; {@code
   * ACTIVE} needs a validated relay address. Setting the current state again is a no-op.
   *
   * @throws StoreException {@code GROUP_NOT_ACTIVE} when the group is removed or the change needs a
   *     validated address, {@code NOT_FOUND} for an unknown group, {@code INVALID_ARGUMENT} for
   *     {@code PENDING} (a group never goes back to pending)
   */
  public Mono<Group> setState(byte[] groupId, GroupState state) {
    return Mono.fromCallable(
            () -> {
              Checks.required(state, "state");
              if (state == GroupState.PENDING) {
                throw StoreException.invalid("a group cannot be set back to pending");
              }
              return Checks.exactly(groupId, 32, "group id");
            })
        .flatMap(
            id ->
                db.inTransaction(
                    c ->
                        Sql.query(
                                c,
                                "UPDATE relay_groups g SET state = $2, updated_at = now()"
                                    + " WHERE g.group_id = $1 AND (g.state <> 'removed' OR $2 ="
                                    + " 'removed') AND ($2 <> 'active' OR EXISTS (SELECT 1 FROM"
                                    + " relay_addresses a WHERE a.group_id = $1 AND a.validated))"
                                    + " RETURNING "
                                    + GROUP_COLUMNS,
                                GroupStore::group,
                                id,
                                state.sql())
                            .next()
                            .switchIfEmpty(
                                Mono.defer(
                                    () ->
                                        findGroup(c, id)
                                            .switchIfEmpty(notFound(id))
                                            .flatMap(
                                                g ->
                                                    Mono.error(
                                                        new StoreException(
                                                            Kind.GROUP_NOT_ACTIVE,
                                                            "group "
                                                                + Checks.shortHex(id)
                                                                + (g.state() == GroupState.REMOVED
                                                                    ? " is removed"
                                                                    : " has no validated relay"
                                                                        + " address"))))))
                            .flatMap(
                                g ->
                                    state != GroupState.REMOVED
                                        ? Mono.just(g)
                                        : Sql.update(
                                                c,
                                                "UPDATE pending_joins SET status = 'parked',"
                                                    + " park_reason = 'group removed'"
                                                    + " WHERE group_id = $1 AND status = 'pending'",
                                                id)
                                            .thenReturn(g))));
  }

  /** How many groups this relay holds, not counting those it left (admission's capacity). */
  public Mono<Long> count() {
    return db.withConnection(
            c ->
                Sql.query(
                    c,
                    "SELECT count(*) AS n FROM relay_groups WHERE state <> 'removed'",
                    row -> Sql.longValue(row, "n")))
        .next();
  }

  /** The group with this id, if any. */
  public Mono<Group> find(byte[] groupId) {
    return Mono.fromCallable(() -> Checks.exactly(groupId, 32, "group id"))
        .flatMap(id -> db.withConnection(c -> findGroup(c, id).flux()).next());
  }

  /** The group with this link key, if any. */
  public Mono<Group> findByLinkKey(byte[] linkKey) {
    return Mono.fromCallable(() -> Checks.exactly(linkKey, 32, "link key"))
        .flatMap(key -> findOne("g.link_key = $1", key));
  }

  /** The group whose relay address has this id, if any. */
  public Mono<Group> findByAddressId(byte[] addressId) {
    return Mono.fromCallable(() -> Checks.between(addressId, 16, 32, "address id"))
        .flatMap(
            id ->
                findOne(
                    "g.group_id = (SELECT a.group_id FROM relay_addresses a WHERE a.address_id ="
                        + " $1)",
                    id));
  }

  private Mono<Group> findOne(String condition, byte[] value) {
    return db.withConnection(
            c ->
                Sql.query(
                    c,
                    "SELECT " + GROUP_COLUMNS + " FROM relay_groups g WHERE " + condition,
                    GroupStore::group,
                    (Object) value))
        .next();
  }

  private static <T> Mono<T> notFound(byte[] groupId) {
    return Mono.error(StoreException.notFound("no group " + Checks.shortHex(groupId)));
  }

  private static Mono<Group> findGroup(Connection c, byte[] groupId) {
    return Sql.query(
            c,
            "SELECT " + GROUP_COLUMNS + " FROM relay_groups g WHERE g.group_id = $1",
            GroupStore::group,
            (Object) groupId)
        .next();
  }

  private static Mono<RelayAddress> findAddress(Connection c, byte[] groupId) {
    return Sql.query(
            c,
            "SELECT " + ADDRESS_COLUMNS + " FROM relay_addresses a WHERE a.group_id = $1",
            GroupStore::address,
            (Object) groupId)
        .next();
  }

  /** Maps a row selected with {@code GROUP_COLUMNS}. */
  static Group group(Readable row) {
    return new Group(
        Sql.bytes(row, "group_id"),
        Sql.bytes(row, "link_key"),
        GroupType.fromSql(row.get("group_type", String.class)),
        Sql.bytes(row, "fixed_link_data"),
        Sql.bytes(row, "link_data"),
        Sql.longValue(row, "link_data_version"),
        GroupState.fromSql(row.get("state", String.class)),
        Sql.longValue(row, "last_post_seq"),
        Sql.longValue(row, "last_log_seq"),
        row.get("created_at", Instant.class),
        row.get("updated_at", Instant.class));
  }

  private static RelayAddress address(Readable row) {
    return new RelayAddress(
        Sql.bytes(row, "group_id"),
        Sql.bytes(row, "address_id"),
        Optional.ofNullable(row.get("validated_at", Instant.class)),
        row.get("created_at", Instant.class));
  }

  private static byte[] newAddressId() {
    byte[] id = new byte[ADDRESS_ID_LENGTH];
    RANDOM.nextBytes(id);
    return id;
  }
}
