package io.chatrelay.gatling;

import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.load.RelayUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The clean relay a simulation runs against: one {@link RelayUnderTest} started in the simulation's
 * {@code before()} and closed in its {@code after()}, on the embedded PostgreSQL or on a fresh
 * database of the server {@code -Drelay.dbUrl} names.
 *
 * <p>The Gatling scenarios are built in the simulation's constructor, before the relay exists, so
 * they read the address through this object when a virtual user runs, never at build time.
 */
final class RelayTarget implements AutoCloseable {
  private volatile RelayUnderTest relay;
  private volatile SmpServer server;

  /**
   * Starts the relay from {@code -Drelay.serverJar}, or {@code server/target/relay-server.jar}
   * found from the repository root or from {@code load-tests/} (Maven starts Gatling in the
   * directory it was started in).
   *
   * @param groupRatesLifted without per-group post and join rate limits (for what a relay
   *     sustains); otherwise with the relay's defaults (for a flood, which they are there to meet)
   */
  void start(boolean groupRatesLifted) {
    RelayUnderTest.Options options =
        RelayUnderTest.Options.of(serverJar())
            .withDbUrl(Optional.ofNullable(System.getProperty("relay.dbUrl")));
    relay = RelayUnderTest.start(groupRatesLifted ? options.withGroupRatesLifted() : options);
    server = relay.server(0);
  }

  private static Path serverJar() {
    String configured = System.getProperty("relay.serverJar");
    if (configured != null) {
      return Path.of(configured);
    }
    return List.of(
            Path.of("server/target/relay-server.jar"), Path.of("../server/target/relay-server.jar"))
        .stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElse(Path.of("server/target/relay-server.jar"));
  }

  /** The relay's host, port and key hash, as its address names them. */
  SmpServer server() {
    return server;
  }

  /** The WebSocket endpoint, plain (the relay under test runs without TLS). */
  String wsUrl() {
    return "ws://" + server.hosts().get(0) + ":" + server.port().orElseThrow() + "/ws";
  }

  @Override
  public void close() {
    if (relay != null) {
      relay.close();
      relay = null;
    }
  }
}
