package io.chatrelay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
  private final Path dataDir = Path.of("/var/lib/relay");

  @Test
  void noUrlMeansTheEmbeddedDatabaseUnderTheDataDirectory() {
    for (String url : new String[] {null, "", "  "}) {
      StoreConfig config = StoreConfig.of(url, dataDir);
      assertThat(config.url()).isEmpty();
      assertThat(config.embeddedDataDirectory()).isEqualTo(dataDir.resolve("pg"));
    }
  }

  @Test
  void aUrlMeansThatDatabase() {
    StoreConfig config = StoreConfig.of("r2dbc:postgresql://relay@db:5433/chat", dataDir);
    assertThat(config.url()).hasValueSatisfying(u -> assertThat(u.port()).isEqualTo(5433));
    assertThat(StoreConfig.external("postgres://db/chat").url()).isPresent();
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> StoreConfig.of("http://db/chat", dataDir))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> StoreConfig.embedded(null)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> StoreConfig.embedded(dataDir).withMaxConnections(0))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> StoreConfig.embedded(dataDir).withAcquireTimeout(Duration.ZERO))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> StoreConfig.embedded(dataDir).withEmbeddedPort(70000))
        .isInstanceOf(StoreException.class);
  }
}
