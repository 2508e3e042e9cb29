package io.chatrelay.store.postgres;

import io.chatrelay.store.DatabaseUrl;
import io.chatrelay.store.StoreException;
import io.chatrelay.store.StoreException.Kind;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.ValidationDepth;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The R2DBC connection pool and the one way the store runs SQL: {@link #inTransaction} and {@link
 * #withConnection}, both of which map every failure to a {@link StoreException}.
 *
 * <p>A transaction's result is emitted only after its COMMIT has succeeded, so a caller that acts
 * on a result (acknowledging a join, say) acts on committed data only. A cancelled or failed
 * transaction is rolled back and its connection returned to the pool.
 */
public final class Database {
  private final ConnectionPool pool;
  private final PostgresqlConnectionFactory direct;
  private final DatabaseUrl url;

  private Database(ConnectionPool pool, PostgresqlConnectionFactory direct, DatabaseUrl url) {
    this.pool = pool;
    this.direct = direct;
    this.url = url;
  }

  /**
   * Creates a pool of at most {@code maxConnections} connections to {@code url}. No connection is
   * opened until the first use.
   */
  public static Database connect(DatabaseUrl url, int maxConnections, Duration acquireTimeout) {
    PostgresqlConnectionConfiguration.Builder config =
        PostgresqlConnectionConfiguration.builder()
            .host(url.host())
            .port(url.port())
            .database(url.database())
            .username(url.user())
            .sslMode(SSLMode.fromValue(url.sslMode()))
            .applicationName("chat-relay")
            .connectTimeout(Duration.ofSeconds(10))
            .tcpKeepAlive(true)
            // Rows in binary: in text, every bytea value (keys, ids, payloads) comes back
            // hex-encoded and the driver decodes it through a regular expression, which was a
            // quarter of the relay's CPU in a join storm.
            .forceBinary(true)
            // Multi-row statements differ in text by row count: bound the per-connection cache.
            .preparedStatementCacheQueries(256)
            // Plan each execution with the table as it is now. A cached generic plan chosen
            // while a table was nearly empty (a new relay) keeps scanning it as it grows: the
            // post de-duplication lookup fell to 100 ms per batch at 20,000 posts, capping a
            // channel at ~1,000 posts/s. Planning these short statements costs far less.
            .options(java.util.Map.of("plan_cache_mode", "force_custom_plan"));
    url.password().ifPresent(config::password);
    PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(config.build());
    ConnectionPool pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(factory)
                .name("relay-store")
                .initialSize(0)
                .maxSize(maxConnections)
                .maxAcquireTime(acquireTimeout)
                .maxCreateConnectionTime(Duration.ofSeconds(10))
                .maxIdleTime(Duration.ofMinutes(5))
                .maxValidationTime(Duration.ofSeconds(5))
                // A connection broken by a server restart is seen as closed here and replaced.
                .validationDepth(ValidationDepth.LOCAL)
                .build());
    return new Database(pool, factory, url);
  }

  /**
   * Notifications published on {@code channel} ({@code LISTEN}), on a connection of their own
   * outside the pool, for as long as the subscription lasts. Fails (retryably) when that connection
   * drops; notifications sent meanwhile are lost, which listeners must tolerate.
   *
   * @param channel a lower-case identifier ({@code [a-z_][a-z0-9_]*})
   * @param listening called once {@code LISTEN} has taken effect
   */
  public Flux<String> listen(String channel, Runnable listening) {
    if (!channel.matches("[a-z_][a-z0-9_]{0,62}")) {
      return Flux.error(StoreException.invalid("invalid channel name"));
    }
    return Flux.usingWhen(
            direct.create(),
            c ->
                c.createStatement("LISTEN " + channel)
                    .execute()
                    .flatMap(r -> r.getRowsUpdated())
                    .then(Mono.fromRunnable(listening))
                    .thenMany(c.getNotifications())
                    .map(n -> n.getParameter() == null ? "" : n.getParameter()),
            c -> c.close())
        .onErrorMap(Database::toStoreException);
  }

  public DatabaseUrl url() {
    return url;
  }

  /**
   * Runs {@code work} in one transaction (READ COMMITTED) and emits its result after COMMIT. An
   * error or cancellation rolls back.
   */
  public <T> Mono<T> inTransaction(Function<Connection, Mono<T>> work) {
    return Mono.usingWhen(
            pool.create(),
            c ->
                Mono.from(c.beginTransaction())
                    .then(Mono.defer(() -> work.apply(c)))
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .flatMap(result -> Mono.from(c.commitTransaction()).thenReturn(result)),
            Connection::close,
            (c, error) -> rollbackAndClose(c),
            Database::rollbackAndClose)
        .flatMap(Mono::justOrEmpty)
        .onErrorMap(Database::toStoreException);
  }

  /** Runs {@code work} on one connection in auto-commit mode. */
  public <T> Flux<T> withConnection(Function<Connection, Flux<T>> work) {
    return Flux.usingWhen(pool.create(), c -> Flux.defer(() -> work.apply(c)), Connection::close)
        .onErrorMap(Database::toStoreException);
  }

  /** True when a trivial query answers; false (never an error) when the database does not. */
  public Mono<Boolean> ping(Duration timeout) {
    return withConnection(c -> Sql.query(c, "SELECT 1", row -> Boolean.TRUE))
        .next()
        .timeout(timeout)
        .onErrorReturn(Boolean.FALSE)
        .defaultIfEmpty(Boolean.FALSE);
  }

  /** Disposes the pool: open connections are closed, pending acquires fail. */
  public Mono<Void> close() {
    return pool.disposeLater();
  }

  private static Mono<Void> rollbackAndClose(Connection c) {
    return Mono.from(c.rollbackTransaction())
        .onErrorResume(e -> Mono.empty())
        .then(Mono.from(c.close()))
        .onErrorResume(e -> Mono.empty());
  }

  /** Maps any failure of the driver, the pool or the network to a {@link StoreException}. */
  public static StoreException toStoreException(Throwable error) {
    if (error instanceof StoreException se) {
      return se;
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StoreException se) {
        return se;
      }
      if (t instanceof R2dbcException r && r.getSqlState() != null) {
        return fromSqlState(r.getSqlState(), r);
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof R2dbcTimeoutException || t instanceof TimeoutException) {
        return new StoreException(
            Kind.UNAVAILABLE, "database did not answer in time: " + t.getMessage(), null, error);
      }
      if (t instanceof R2dbcNonTransientResourceException
          || t instanceof R2dbcTransientResourceException
          || t instanceof IOException
          || t.getClass().getName().startsWith("io.netty.channel.")) {
        return new StoreException(
            Kind.UNAVAILABLE, "database connection failed: " + t.getMessage(), null, error);
      }
      if (t.getClass().getName().equals("reactor.pool.PoolShutdownException")) {
        return new StoreException(Kind.INTERNAL, "the store is closed", null, error);
      }
      if (t.getClass().getName().startsWith("reactor.pool.")) {
        return new StoreException(
            Kind.UNAVAILABLE, "no database connection available: " + t.getMessage(), null, error);
      }
    }
    return new StoreException(Kind.INTERNAL, String.valueOf(error.getMessage()), null, error);
  }

  private static StoreException fromSqlState(String state, R2dbcException e) {
    String message = state + ": " + e.getMessage();
    Kind kind;
    if (state.startsWith("08") // connection exception
        || state.startsWith("53") // insufficient resources (too many connections, disk full)
        || state.equals("57P01") // admin shutdown
        || state.equals("57P02") // crash shutdown
        || state.equals("57P03") // cannot connect now (starting up)
        || state.equals("57P05")) { // idle session timeout
      kind = Kind.UNAVAILABLE;
    } else if (state.startsWith("40") // serialization failure, deadlock
        || state.equals("55P03") // lock not available
        || state.equals("57014")) { // statement cancelled (timeout)
      kind = Kind.TRANSIENT;
    } else if (state.equals("23505")) {
      kind = Kind.CONFLICT;
    } else if (state.equals("23503")) {
      kind = Kind.NOT_FOUND;
    } else if (state.startsWith("22") || state.startsWith("23")) {
      kind = Kind.INVALID_ARGUMENT;
    } else {
      kind = Kind.INTERNAL;
    }
    return new StoreException(kind, message, state, e);
  }
}
