package io.chatrelay.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.RelayStore;
import io.chatrelay.store.join.Admission;
import io.chatrelay.store.join.JoinState;
import io.chatrelay.store.join.QueueCounts;
import io.chatrelay.store.join.QueuedJoin;
import io.chatrelay.store.testing.TestData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Upgrading a database that already holds data, one version at a time. */
@ExtendWith(TestDatabaseExtension.class)
class MigrationsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private final TestData data = new TestData(55);

  @Test
  void version5KeepsEveryJoinOfAVersion4QueueInAStateItStillHas(TestDatabase db) {
    Flyway.configure(MigrationsIT.class.getClassLoader())
        .dataSource(db.url().jdbcUrl(), db.url().user(), db.url().password().orElse(null))
        .locations("classpath:db/migration")
        .target("4")
        .load()
        .migrate();
    byte[] active = group(db, "active");
    byte[] removed = group(db, "removed");
    // As relays before version 5 left them: a join leased by a worker (the lease still running),
    // one waiting out a retry's backoff, one admitted (with its member), and a removed group's
    // parked join.
    long leased =
        join(
            db,
            active,
            "status, attempts, lease_owner, lease_expires_at",
            "'pending', 1, 'old-relay/w0', now() + interval '10 minutes'");
    long backingOff =
        join(
            db,
            active,
            "status, attempts, next_attempt_at, last_error",
            "'pending', 2, now() + interval '1 hour', 'deadlock detected'");
    long admitted = join(db, active, "status, attempts, completed_at", "'admitted', 1, now()");
    db.execute(
        "INSERT INTO members (group_id, member_key, admitted_by)"
            + " SELECT group_id, member_key, queue_id FROM pending_joins WHERE queue_id = ?",
        admitted);
    long parked =
        join(db, removed, "status, attempts, park_reason", "'parked', 0, 'group removed'");

    assertThat(Migrations.migrate(db.url())).isEqualTo("8"); // the latest version

    assertThat(
            db.queryLong(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'pending_joins'"
                    + " AND column_name IN ('lease_owner', 'lease_expires_at', 'attempts',"
                    + " 'next_attempt_at', 'last_error')"))
        .isZero();
    RelayStore store = db.openStore();
    try {
      assertThat(find(store, leased).state()).isEqualTo(JoinState.PENDING);
      assertThat(find(store, backingOff).state()).isEqualTo(JoinState.PENDING);
      QueuedJoin stillParked = find(store, parked);
      assertThat(stillParked.state()).isEqualTo(JoinState.PARKED);
      assertThat(stillParked.parkReason()).hasValue("group removed");
      QueuedJoin stillAdmitted = find(store, admitted);
      assertThat(stillAdmitted.state()).isEqualTo(JoinState.ADMITTED);
      assertThat(stillAdmitted.memberId()).isPresent();

      // The lease and the backoff are gone with their columns: both joins are admitted at once,
      // and the admitted one is not admitted again.
      List<Admission> admissions = store.joins().admitNext(null, 100).collectList().block(TIMEOUT);
      assertThat(admissions).extracting(Admission::queueId).containsExactly(leased, backingOff);
      assertThat(admissions).allMatch(Admission::newMember);
      assertThat(store.joins().counts(active).block(TIMEOUT)).isEqualTo(new QueueCounts(0, 3, 0));
      assertThat(store.joins().counts(removed).block(TIMEOUT)).isEqualTo(new QueueCounts(0, 0, 1));
    } finally {
      store.close();
    }
  }

  /** A group as version 4 stores it, with a validated relay address. */
  private byte[] group(TestDatabase db, String state) {
    byte[] id = data.bytes(32);
    db.execute(
        "INSERT INTO relay_groups (group_id, link_key, group_type, fixed_link_data, link_data,"
            + " link_data_version, state) VALUES (?, ?, 'channel', ?, ?, 1, ?)",
        id,
        data.bytes(32),
        data.bytes(60),
        data.bytes(120),
        state);
    db.execute(
        "INSERT INTO relay_addresses (group_id, address_id, validated, validated_at)"
            + " VALUES (?, ?, true, now())",
        id,
        data.bytes(16));
    return id;
  }

  /** Inserts a join with the given columns (besides group and key) and returns its queue id. */
  private long join(TestDatabase db, byte[] group, String columns, String values) {
    return db.queryLong(
        "INSERT INTO pending_joins (group_id, member_key, "
            + columns
            + ") VALUES (?, ?, "
            + values
            + ") RETURNING queue_id",
        group,
        data.bytes(32));
  }

  private static QueuedJoin find(RelayStore store, long queueId) {
    return store.joins().find(queueId).block(TIMEOUT);
  }
}
