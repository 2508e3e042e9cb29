package io.chatrelay.store.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.RelayStore;
import io.chatrelay.store.testing.TestData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@ExtendWith(TestDatabaseExtension.class)
class IdentityStoreIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static RelayStore store;

  @BeforeAll
  static void open(TestDatabase database) {
    store = database.openStore();
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void theFirstStoredIdentityWinsAndStays() {
    TestData data = new TestData(3);
    StepVerifier.create(store.identity().load()).expectComplete().verify(TIMEOUT);

    List<RelayIdentity> candidates =
        List.of(
            RelayIdentity.of(data.bytes(32), data.bytes(32), data.bytes(300)),
            RelayIdentity.of(data.bytes(32), data.bytes(32), data.bytes(300)),
            RelayIdentity.of(data.bytes(32), data.bytes(32), data.bytes(300)));
    List<RelayIdentity> stored =
        Flux.fromIterable(candidates)
            .flatMap(store.identity()::createIfAbsent, 3)
            .collectList()
            .block(TIMEOUT);

    byte[] winner = stored.get(0).publicKey();
    assertThat(stored).allSatisfy(s -> assertThat(s.publicKey()).isEqualTo(winner));
    assertThat(stored.get(0).createdAt()).isPresent();
    RelayIdentity loaded = store.identity().load().block(TIMEOUT);
    assertThat(loaded.publicKey()).isEqualTo(winner);
    RelayIdentity original =
        candidates.stream()
            .filter(c -> java.util.Arrays.equals(c.publicKey(), winner))
            .findFirst()
            .orElseThrow();
    assertThat(loaded.privateSeed()).isEqualTo(original.privateSeed());
    assertThat(loaded.certificate()).isEqualTo(original.certificate());
    assertThat(loaded.toString())
        .doesNotContain(java.util.HexFormat.of().formatHex(original.privateSeed()));
  }
}
