package io.chatrelay.server.post;

import static io.chatrelay.server.testing.RelayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.Publish;
import io.chatrelay.codec.message.Subscribe;
import io.chatrelay.server.config.Retention;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.server.testing.TestGroup;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabaseExtension.class)
class RetentionIT {
  private RelayFixture fx;

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void postsBeyondTheCountBoundArePrunedAndReadersResumeFromTheOldestKept(TestDatabase db) {
    fx = new RelayFixture(db);
    fx.start(c -> c.withRetention(new Retention(5, Duration.ZERO, Duration.ZERO)));
    Random random = new Random(3);
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "short memory");
    RelayConnection owner = fx.connect();
    RelayEntry entry = fx.onboard(g);
    Bytes address = Bytes.of(entry.addressId());
    for (int i = 1; i <= 20; i++) {
      owner.request(new Publish(address, g.post("p" + i))).block(TIMEOUT);
    }
    assertThat(fx.relay().pruneNow().block(TIMEOUT)).isEqualTo(15);
    assertThat(db.queryLong("SELECT count(*) FROM posts WHERE group_id = ?", g.groupId()))
        .isEqualTo(5);

    Ed25519KeyPair key = TestGroup.key(random);
    RelayConnection reader = fx.connect();
    reader.request(Join.sign(address, key, Optional.empty())).block(TIMEOUT);
    reader.events().ofType(Joined.class).next().block(TIMEOUT);
    reader.request(Subscribe.sign(address, key, 1, reader.serverNonce())).block(TIMEOUT);
    List<Long> seqs =
        reader
            .events()
            .ofType(Deliver.class)
            .map(Deliver::seq)
            .take(5)
            .collectList()
            .block(TIMEOUT);
    assertThat(seqs).containsExactly(16L, 17L, 18L, 19L, 20L);
  }

  @Test
  void admittedJoinRecordsPastTheirRetentionAreDeletedAndTheirMembersStay(TestDatabase db) {
    fx = new RelayFixture(db);
    fx.start(c -> c.withRetention(new Retention(0, Duration.ZERO, Duration.ofHours(1))));
    Random random = new Random(5);
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "forgets its joins");
    Bytes address = Bytes.of(fx.onboard(g).addressId());
    List<Ed25519KeyPair> keys = List.of(TestGroup.key(random), TestGroup.key(random));
    keys.forEach(key -> join(address, key));
    assertThat(db.queryLong(ADMITTED_IN_GROUP, g.groupId())).isEqualTo(2);
    // One record is older than the retention, the other is not.
    db.execute(
        "UPDATE pending_joins SET completed_at = now() - interval '2 hours' WHERE queue_id ="
            + " (SELECT min(queue_id) FROM pending_joins WHERE group_id = ?)",
        g.groupId());

    // Other tests of this class share the database: they may have left old records too.
    long old =
        db.queryLong(
            "SELECT count(*) FROM pending_joins WHERE status = 'admitted'"
                + " AND completed_at < now() - interval '1 hour'");

    assertThat(fx.relay().purgeAdmittedJoinsNow().block(TIMEOUT)).isEqualTo(old).isPositive();
    assertThat(db.queryLong(ADMITTED_IN_GROUP, g.groupId())).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", g.groupId()))
        .isEqualTo(2);
    assertThat(fx.relay().metrics().registry().get("relay.joins.purged").counter().count())
        .isEqualTo((double) old);

    // The member whose record was deleted is still one: it reads the channel.
    fx.connect().request(new Publish(address, g.post("still here"))).block(TIMEOUT);
    RelayConnection reader = fx.connect();
    reader.request(Subscribe.sign(address, keys.get(0), 1, reader.serverNonce())).block(TIMEOUT);
    assertThat(reader.events().ofType(Deliver.class).next().block(TIMEOUT).seq()).isEqualTo(1L);
  }

  @Test
  void aZeroRetentionKeepsEveryAdmittedJoinRecord(TestDatabase db) {
    fx = new RelayFixture(db);
    fx.start(c -> c.withRetention(new Retention(0, Duration.ZERO, Duration.ZERO)));
    Random random = new Random(6);
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "remembers its joins");
    Bytes address = Bytes.of(fx.onboard(g).addressId());
    join(address, TestGroup.key(random));
    db.execute(
        "UPDATE pending_joins SET completed_at = now() - interval '3650 days'"
            + " WHERE status = 'admitted' AND group_id = ?",
        g.groupId());

    assertThat(fx.relay().purgeAdmittedJoinsNow().block(TIMEOUT)).isZero();
    assertThat(db.queryLong(ADMITTED_IN_GROUP, g.groupId())).isEqualTo(1);
  }

  private static final String ADMITTED_IN_GROUP =
      "SELECT count(*) FROM pending_joins WHERE status = 'admitted' AND group_id = ?";

  /** A member joins on a connection of its own, and is admitted. */
  private void join(Bytes address, Ed25519KeyPair key) {
    RelayConnection member = fx.connect();
    member.request(Join.sign(address, key, Optional.empty())).block(TIMEOUT);
    member.events().ofType(Joined.class).next().block(TIMEOUT);
  }
}
