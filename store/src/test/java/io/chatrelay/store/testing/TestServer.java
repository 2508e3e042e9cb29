package io.chatrelay.store.testing;

import io.chatrelay.store.DatabaseUrl;
import io.chatrelay.store.postgres.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server of one test run: external (given by URL) or embedded (started here, on a
 * temporary data directory, and restartable on the same directory and port). JUnit closes it (an
 * {@link AutoCloseable} in the root store) when the run ends.
 */
public final class TestServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestServer.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DatabaseUrl adminUrl;
  private final Path embeddedDir;
  private volatile EmbeddedDatabase embedded;

  private TestServer(DatabaseUrl adminUrl, Path embeddedDir, EmbeddedDatabase embedded) {
    this.adminUrl = adminUrl;
    this.embeddedDir = embeddedDir;
    this.embedded = embedded;
  }

  static TestServer external(DatabaseUrl url) {
    log.info("{} integration tests use this external server", url);
    return new TestServer(url, null, null);
  }

  static TestServer embedded() {
    try {
      Path dir = Files.createTempDirectory("relay-it-pg");
      EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
      log.info("{} integration tests use an embedded server on port {}", dir, db.port());
      return new TestServer(db.url("postgres"), dir, db);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isEmbedded() {
    return embeddedDir != null;
  }

  /** Creates a fresh database {@code relay_it_<random>}. */
  TestDatabase createDatabase() {
    String name = "relay_it_" + HexFormat.of().formatHex(randomBytes(6));
    execute(adminUrl, "CREATE DATABASE " + name);
    return new TestDatabase(this, adminUrl.withDatabase(name));
  }

  void dropDatabase(String name) {
    execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /**
   * Embedded: stops the server (fast shutdown) and starts it again on the same data directory and
   * port. External: ends every session of {@code database} with {@code pg_terminate_backend}.
   */
  synchronized void restart(String database) {
    if (isEmbedded()) {
      int port = embedded.port();
      embedded.close();
      embedded = EmbeddedDatabase.start(embeddedDir, port);
    } else {
      terminateSessions(database);
    }
  }

  /** Ends every session of {@code database} but the caller's; returns how many. */
  int terminateSessions(String database) {
    try (Connection c = connect(adminUrl);
        var st =
            c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
      st.setString(1, database);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot terminate sessions of " + database, e);
    }
  }

  static Connection connect(DatabaseUrl url) throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password().orElse(null));
  }

  static void execute(DatabaseUrl url, String sql) {
    try (Connection c = connect(url);
        var st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(url + ": " + sql + " failed: " + e.getMessage(), e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
      try (Stream<Path> files = Files.walk(embeddedDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        log.warn("{} not deleted: {}", embeddedDir, e.toString());
      }
    }
  }
}
