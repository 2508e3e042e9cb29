package io.chatrelay.store.testing;

import io.chatrelay.store.DatabaseUrl;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.StoreConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * One test class's own database, on the run's {@link TestServer}. Tests open the store with {@link
 * #openStore()} (or {@link #config()}), inspect tables directly with {@link #queryLong}, and
 * simulate a database failure with {@link #restartServer()}.
 */
public final class TestDatabase {
  private final TestServer server;
  private final DatabaseUrl url;

  TestDatabase(TestServer server, DatabaseUrl url) {
    this.server = server;
    this.url = url;
  }

  public DatabaseUrl url() {
    return url;
  }

  /** Whether the server is the run's embedded PostgreSQL (else an external one). */
  public boolean embedded() {
    return server.isEmbedded();
  }

  /** A store configuration for this database. */
  public StoreConfig config() {
    return new StoreConfig(
        Optional.of(url), null, 0, StoreConfig.DEFAULT_MAX_CONNECTIONS, Duration.ofSeconds(10));
  }

  /** Opens a store on this database (migrating it on first use); close it in the test. */
  public RelayStore openStore() {
    return openStore(config());
  }

  public RelayStore openStore(StoreConfig config) {
    return RelayStore.open(config).block(Duration.ofSeconds(60));
  }

  /**
   * Simulates a database failure under the store: the embedded server is stopped and started on the
   * same data directory and port; on an external server, every session of this database is ended
   * with {@code pg_terminate_backend}. Blocking; returns when the database answers again.
   */
  public void restartServer() {
    server.restart(url.database());
  }

  /** Ends every session of this database (a dropped connection for whoever held one). */
  public int terminateSessions() {
    return server.terminateSessions(url.database());
  }

  /** Runs a query over JDBC, bypassing the store, and returns the first column of the first row. */
  public long queryLong(String sql, Object... params) {
    try (Connection c = TestServer.connect(url);
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no row: " + sql);
        }
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Runs a statement over JDBC, bypassing the store; returns the update count. */
  public int execute(String sql, Object... params) {
    try (Connection c = TestServer.connect(url);
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** A raw JDBC connection to this database (the caller closes it). */
  public Connection jdbc() throws SQLException {
    return TestServer.connect(url);
  }

  void drop() {
    server.dropDatabase(url.database());
  }

  @Override
  public String toString() {
    return "TestDatabase[" + url + (embedded() ? " embedded" : " external") + "]";
  }
}
