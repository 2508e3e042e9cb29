package io.chatrelay.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to open the {@link RelayStore}: an external PostgreSQL named by a URL, or (no URL) an
 * embedded PostgreSQL whose data lives in {@code <dataDir>/pg}.
 *
 * @param url the external database, or empty for the embedded one
 * @param dataDir the relay's data directory; the embedded server keeps its data in {@code pg} under
 *     it (unused with an external database)
 * @param embeddedPort the embedded server's TCP port on 127.0.0.1, 0 for any free port
 * @param maxConnections the pool's maximum number of connections, 1..1000
 * @param acquireTimeout how long an operation waits for a free connection before failing with a
 *     retryable {@code UNAVAILABLE}
 */
public record StoreConfig(
    Optional<DatabaseUrl> url,
    Path dataDir,
    int embeddedPort,
    int maxConnections,
    Duration acquireTimeout) {

  public static final int DEFAULT_MAX_CONNECTIONS = 10;
  public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(10);

  public StoreConfig {
    Checks.required(url, "url (Optional)");
    if (url.isEmpty()) {
      Checks.required(dataDir, "data directory (needed for the embedded database)");
    }
    Checks.range(embeddedPort, 0, 65535, "embedded port");
    Checks.range(maxConnections, 1, 1000, "max connections");
    Checks.required(acquireTimeout, "acquire timeout");
    if (acquireTimeout.isNegative() || acquireTimeout.isZero()) {
      throw StoreException.invalid("acquire timeout must be positive");
    }
  }

  /** The embedded PostgreSQL in {@code <dataDir>/pg}. */
  public static StoreConfig embedded(Path dataDir) {
    return new StoreConfig(
        Optional.empty(), dataDir, 0, DEFAULT_MAX_CONNECTIONS, DEFAULT_ACQUIRE_TIMEOUT);
  }

  /**
   * An external PostgreSQL.
   *
   * @throws StoreException of kind {@code INVALID_ARGUMENT} when the URL is malformed
   */
  public static StoreConfig external(String url) {
    return new StoreConfig(
        Optional.of(DatabaseUrl.parse(url)),
        null,
        0,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_ACQUIRE_TIMEOUT);
  }

  /**
   * What {@code --db-url} / {@code RELAY_DB_URL} mean: the URL when given (not blank), else the
   * embedded database under {@code dataDir}.
   */
  public static StoreConfig of(String urlOrNull, Path dataDir) {
    if (urlOrNull == null || urlOrNull.isBlank()) {
      return embedded(dataDir);
    }
    return new StoreConfig(
        Optional.of(DatabaseUrl.parse(urlOrNull)),
        dataDir,
        0,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_ACQUIRE_TIMEOUT);
  }

  public StoreConfig withMaxConnections(int max) {
    return new StoreConfig(url, dataDir, embeddedPort, max, acquireTimeout);
  }

  public StoreConfig withEmbeddedPort(int port) {
    return new StoreConfig(url, dataDir, port, maxConnections, acquireTimeout);
  }

  public StoreConfig withAcquireTimeout(Duration timeout) {
    return new StoreConfig(url, dataDir, embeddedPort, maxConnections, timeout);
  }

  /** Where the embedded server keeps its data. */
  public Path embeddedDataDirectory() {
    return dataDir.resolve("pg");
  }
}
