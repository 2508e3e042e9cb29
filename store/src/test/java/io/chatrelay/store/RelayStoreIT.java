package io.chatrelay.store;

import static io.chatrelay.store.testing.StoreAssertions.assertKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.join.JoinReceipt;
import io.chatrelay.store.testing.TestData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Opening and closing the store: the embedded default, persistence, health, bad databases. */
@ExtendWith(TestDatabaseExtension.class)
class RelayStoreIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private final TestData data = new TestData(77);

  @Test
  void theEmbeddedDatabaseKeepsItsDataAcrossRestartsOnTheSameDataDirectory(@TempDir Path dataDir) {
    GroupRegistration group = data.group();
    JoinReceipt receipt;
    RelayStore first = RelayStore.open(StoreConfig.of(null, dataDir)).block(TIMEOUT);
    try {
      assertThat(first.embedded()).isTrue();
      assertThat(Files.isDirectory(dataDir.resolve("pg"))).isTrue();
      first.groups().register(group).block(TIMEOUT);
      receipt = first.joins().enqueue(data.join(group.groupId())).block(TIMEOUT);
    } finally {
      first.close();
    }
    StepVerifier.create(first.ping()).expectNext(false).expectComplete().verify(TIMEOUT);
    first.close(); // idempotent

    RelayStore second = RelayStore.open(StoreConfig.embedded(dataDir)).block(TIMEOUT);
    try {
      StepVerifier.create(second.ping()).expectNext(true).expectComplete().verify(TIMEOUT);
      StepVerifier.create(second.groups().find(group.groupId()))
          .assertNext(g -> assertThat(g.linkKey()).isEqualTo(group.linkKey()))
          .expectComplete()
          .verify(TIMEOUT);
      StepVerifier.create(second.joins().find(receipt.queueId()))
          .assertNext(j -> assertThat(j.groupId()).isEqualTo(group.groupId()))
          .expectComplete()
          .verify(TIMEOUT);
    } finally {
      second.close();
    }
  }

  @Test
  void anExternalDatabaseIsMigratedAndAnswersPing(TestDatabase db) {
    RelayStore store = db.openStore();
    try {
      assertThat(store.embedded()).isFalse();
      StepVerifier.create(store.ping()).expectNext(true).expectComplete().verify(TIMEOUT);
      // V1 (schema), V2 (command ids), V3 (admitted joins index), V4 (log heads), V5 (join
      // leases dropped), V6 (parked joins index), V7 (join path without group foreign keys), V8
      // (posts without one): all applied.
      assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success"))
          .isEqualTo(8);
    } finally {
      store.close();
    }
    // Opening again applies nothing new and sees the same schema.
    RelayStore again = db.openStore();
    again.close();
    assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history")).isEqualTo(8);
  }

  @Test
  void anUnreachableDatabaseIsARetryableError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StepVerifier.create(
            RelayStore.open(
                StoreConfig.external("postgresql://postgres@127.0.0.1:" + port + "/nothing")))
        .expectErrorSatisfies(
            e -> {
              assertKind(e, Kind.UNAVAILABLE);
              assertThat(((StoreException) e).retryable()).isTrue();
            })
        .verify(TIMEOUT);
  }
}
