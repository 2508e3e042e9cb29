package io.chatrelay.server.transport;

import static io.chatrelay.server.testing.RelayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.client.transport.ConnectOptions;
import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.message.Ping;
import io.chatrelay.codec.message.Pong;
import io.chatrelay.server.config.TlsMode;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TLS at the relay with its identity certificate, pinned by the key hash of its address. */
@ExtendWith(TestDatabaseExtension.class)
class DirectTlsIT {
  private RelayFixture fx;

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void clientsPinTheCertificateTheAddressNames(TestDatabase db) {
    fx = new RelayFixture(db);
    fx.start(c -> c.withTls(TlsMode.DIRECT));
    RelayConnection c = fx.connect();
    assertThat(c.request(new Ping()).block(TIMEOUT)).isInstanceOf(Pong.class);
    assertThat(c.relayKey()).isEqualTo(fx.relay().keys().keyPair().publicKey());

    // The same host and port with another key hash: the certificate is neither pinned nor
    // trusted by a CA, so TLS fails and nothing is sent.
    SmpServer s = fx.server();
    SmpServer other = new SmpServer(s.hosts(), s.port(), new byte[32]);
    assertThatThrownBy(
            () -> RelayConnection.connect(other, ConnectOptions.defaults()).block(TIMEOUT))
        .isNotNull();
  }
}
