package io.chatrelay.server.e2e;

import io.chatrelay.client.demo.TamperProxy;
import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.server.RelayServer;
import io.chatrelay.server.config.RelayConfig;
import io.chatrelay.server.config.TlsMode;
import io.chatrelay.store.StoreConfig;
import io.chatrelay.store.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Real relays for one test: each on its own database (created on the test class's PostgreSQL
 * server, dropped by {@link #close()}), plain WebSocket on loopback, stoppable and restartable on
 * the same port so its address stays valid. Optionally behind a {@link TamperProxy}.
 */
final class Relays implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final TestDatabase db;
  private final List<Relay> started = new ArrayList<>();
  private final List<String> databases = new ArrayList<>();

  Relays(TestDatabase db) {
    this.db = db;
  }

  /** One relay: its configuration, store and the running server (null while stopped). */
  final class Relay {
    final RelayConfig config;
    final StoreConfig store;
    RelayServer server;
    TamperProxy proxy;

    Relay(RelayConfig config, StoreConfig store) {
      this.config = config;
      this.store = store;
    }

    /** The relay's address (naming the proxy's port when it is behind one). */
    String address() {
      return server.address();
    }

    RelayShortLink link() {
      return (RelayShortLink) Links.parse(address());
    }

    /** {@code 127.0.0.1:port} as the CLI names it. */
    String name() {
      return "127.0.0.1:" + config.advertisedPort();
    }

    void stop() {
      server.close();
    }

    void restart() {
      server = RelayServer.start(config, store);
    }
  }

  Relay start() {
    return start(c -> c);
  }

  Relay start(UnaryOperator<RelayConfig> customize) {
    String name = "relay_e2e_" + HexFormat.of().formatHex(bytes(6));
    db.execute("CREATE DATABASE " + name);
    databases.add(name);
    StoreConfig store =
        new StoreConfig(
            Optional.of(db.url().withDatabase(name)), null, 0, 4, Duration.ofSeconds(10));
    RelayConfig config =
        customize.apply(
            RelayConfig.defaults()
                .withListen("127.0.0.1", freePort())
                .withPublicHosts(List.of("127.0.0.1"))
                .withTls(TlsMode.PLAIN));
    Relay r = new Relay(config, store);
    r.server = RelayServer.start(config, store);
    started.add(r);
    return r;
  }

  /**
   * A relay whose address names a {@link TamperProxy} in front of it: every client reaches it
   * through the proxy, which rewrites what {@code mode} says.
   */
  /** A relay behind a proxy that runs {@code attack} on everything the relay sends. */
  Relay startAttacking(java.util.function.Supplier<TamperProxy.Attack> attack) {
    int proxyPort = freePort();
    Relay r = start(c -> c.withPublicPort(proxyPort));
    r.proxy = TamperProxy.attacking("127.0.0.1", proxyPort, "127.0.0.1", r.config.port(), attack);
    return r;
  }

  Relay startTampering(TamperProxy.Mode mode) {
    int proxyPort = freePort();
    Relay r = start(c -> c.withPublicPort(proxyPort));
    r.proxy = TamperProxy.start("127.0.0.1", proxyPort, "127.0.0.1", r.config.port(), mode);
    return r;
  }

  @Override
  public void close() {
    for (Relay r : started) {
      if (r.proxy != null) {
        r.proxy.close();
      }
      if (r.server != null) {
        r.server.close();
      }
    }
    started.clear();
    for (String name : databases) {
      db.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
    databases.clear();
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
