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
    fx.start(c -> c.withRetention(new Retention(5, Duration.ZERO)));
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
}
