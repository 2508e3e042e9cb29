package io.chatrelay.server.testing;

import io.chatrelay.client.transport.ConnectOptions;
import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.server.RelayServer;
import io.chatrelay.server.config.RelayConfig;
import io.chatrelay.server.config.TlsMode;
import io.chatrelay.store.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Starts relays on the test database and opens client connections to them; everything it starts is
 * closed by {@link #close()} (call it from {@code @AfterEach}).
 */
public final class RelayFixture implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TestDatabase db;
  private final List<AutoCloseable> open = new ArrayList<>();
  private RelayServer relay;
  private int port;
  private RelayConfig config;

  public RelayFixture(TestDatabase db) {
    this.db = db;
  }

  /** Starts a relay (plain WebSocket on loopback) with the given configuration changes. */
  public RelayServer start(UnaryOperator<RelayConfig> customize) {
    port = freePort();
    config =
        customize.apply(
            RelayConfig.defaults()
                .withListen("127.0.0.1", port)
                .withPublicHosts(List.of("127.0.0.1"))
                .withTls(TlsMode.PLAIN));
    relay = RelayServer.start(config, db.config());
    return relay;
  }

  public RelayServer start() {
    return start(c -> c);
  }

  /** Stops the relay and starts a new one with the same configuration and database. */
  public RelayServer restart() {
    relay.close();
    relay = RelayServer.start(config, db.config());
    return relay;
  }

  public RelayServer relay() {
    return relay;
  }

  public SmpServer server() {
    return ((RelayShortLink) Links.parse(relay.address())).server();
  }

  public byte[] keyHash() {
    return relay.keys().keyHash();
  }

  /** Invites this relay into {@code g} on a connection of its own; returns the address. */
  public io.chatrelay.codec.group.RelayEntry invite(TestGroup g) {
    RelayConnection c = connect();
    var answer = c.request(g.invite(keyHash(), c.serverNonce())).block(TIMEOUT);
    if (!(answer instanceof io.chatrelay.codec.message.Accepted accepted)) {
      throw new AssertionError("invitation not accepted: " + answer);
    }
    return accepted.address();
  }

  /** Invites this relay into {@code g} and publishes link data listing it: the group is active. */
  public io.chatrelay.codec.group.RelayEntry onboard(TestGroup g) {
    var entry = invite(g);
    g.addRelay(entry);
    var answer = connect().request(g.update(entry.addressId())).block(TIMEOUT);
    if (!(answer instanceof io.chatrelay.codec.message.Ok)) {
      throw new AssertionError("link data not accepted: " + answer);
    }
    return entry;
  }

  /** A new connection with a verified handshake. */
  public RelayConnection connect() {
    RelayConnection c =
        RelayConnection.connect(
                server(), ConnectOptions.defaults().withPlain(config.tls() == TlsMode.PLAIN))
            .block(TIMEOUT);
    open.add(c);
    return c;
  }

  @Override
  public void close() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        // closing everything regardless
      }
    }
    open.clear();
    if (relay != null) {
      relay.close();
      relay = null;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
