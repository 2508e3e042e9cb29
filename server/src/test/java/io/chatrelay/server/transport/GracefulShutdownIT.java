package io.chatrelay.server.transport;

import static io.chatrelay.server.testing.RelayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.message.Ping;
import io.chatrelay.codec.message.Pong;
import io.chatrelay.server.RelayServer;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabaseExtension.class)
class GracefulShutdownIT {
  private RelayFixture fx;

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void closingStopsAcceptingClosesConnectionsAndTheStore(TestDatabase db) {
    fx = new RelayFixture(db);
    RelayServer relay = fx.start();
    RelayConnection c = fx.connect();
    assertThat(c.request(new Ping()).block(TIMEOUT)).isInstanceOf(Pong.class);
    relay.close();
    c.onClose().block(TIMEOUT);
    assertThat(c.isOpen()).isFalse();
    assertThat(relay.store().ping().block(TIMEOUT)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(fx::connect).isNotNull();
    relay.close(); // idempotent
  }
}
