package io.chatrelay.store;

import io.chatrelay.store.group.GroupStore;
import io.chatrelay.store.identity.IdentityStore;
import io.chatrelay.store.join.JoinQueue;
import io.chatrelay.store.log.ServiceLog;
import io.chatrelay.store.member.MemberStore;
import io.chatrelay.store.post.PostStore;
import io.chatrelay.store.postgres.Database;
import io.chatrelay.store.postgres.EmbeddedDatabase;
import io.chatrelay.store.postgres.Migrations;
import io.chatrelay.store.postgres.Sql;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Everything the relay must not lose, in PostgreSQL: the relay identity, groups and their relay
 * addresses, the service log, the pending-join queue, members and their certificates, and posts.
 *
 * <p>{@link #open} starts the embedded PostgreSQL when no URL is configured, applies the schema
 * migrations and creates the R2DBC pool. Every data method of the parts ({@link #groups()}, {@link
 * #joins()}, ...) returns a {@code Mono} or {@code Flux} that never blocks and fails only with
 * {@link StoreException}. {@link #close()} is idempotent: it disposes the pool, then stops the
 * embedded server if this store started one.
 */
public final class RelayStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayStore.class);

  private final Database database;
  private final EmbeddedDatabase embedded;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final IdentityStore identity;
  private final GroupStore groups;
  private final JoinQueue joins;
  private final MemberStore members;
  private final PostStore posts;
  private final ServiceLog serviceLog;
  private final io.chatrelay.store.notify.Notifications notifications;

  private RelayStore(Database database, EmbeddedDatabase embedded) {
    this.database = database;
    this.embedded = embedded;
    this.identity = new IdentityStore(database);
    this.groups = new GroupStore(database);
    this.joins = new JoinQueue(database);
    this.members = new MemberStore(database);
    this.posts = new PostStore(database);
    this.serviceLog = new ServiceLog(database);
    this.notifications = new io.chatrelay.store.notify.Notifications(database);
  }

  /**
   * Opens the store: embedded server if needed, migrations, pool. The blocking steps run on the
   * bounded-elastic scheduler.
   *
   * @return the open store; fails with {@link StoreException} ({@code UNAVAILABLE} when the
   *     database cannot be reached or the embedded server does not start)
   */
  public static Mono<RelayStore> open(StoreConfig config) {
    return Mono.fromCallable(() -> start(config))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(store -> store.checkDurability().thenReturn(store))
        .onErrorMap(Database::toStoreException);
  }

  private static RelayStore start(StoreConfig config) {
    EmbeddedDatabase embedded = null;
    try {
      DatabaseUrl url;
      if (config.url().isPresent()) {
        url = config.url().get();
      } else {
        embedded = EmbeddedDatabase.start(config.embeddedDataDirectory(), config.embeddedPort());
        url = embedded.url();
      }
      Migrations.migrate(url);
      Database database = Database.connect(url, config.maxConnections(), config.acquireTimeout());
      log.info("{} store open ({})", url, embedded == null ? "external" : "embedded");
      return new RelayStore(database, embedded);
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  /** Warns when the server would acknowledge commits that a crash can still lose. */
  private Mono<Void> checkDurability() {
    return database
        .withConnection(
            c -> Sql.query(c, "SHOW synchronous_commit", row -> row.get(0, String.class)))
        .next()
        .doOnNext(
            mode -> {
              if ("off".equalsIgnoreCase(mode)) {
                log.warn(
                    "{} synchronous_commit is off: acknowledged joins and posts can be lost in a"
                        + " database crash",
                    database.url());
              }
            })
        .then()
        .onErrorResume(e -> closeAsync().then(Mono.error(e)));
  }

  public IdentityStore identity() {
    return identity;
  }

  public GroupStore groups() {
    return groups;
  }

  public JoinQueue joins() {
    return joins;
  }

  public MemberStore members() {
    return members;
  }

  public PostStore posts() {
    return posts;
  }

  /** LISTEN/NOTIFY between relay instances on this database. */
  public io.chatrelay.store.notify.Notifications notifications() {
    return notifications;
  }

  public ServiceLog serviceLog() {
    return serviceLog;
  }

  /** The database in use (the embedded one's URL when embedded). */
  public DatabaseUrl url() {
    return database.url();
  }

  public boolean embedded() {
    return embedded != null;
  }

  /** A cheap health check: true when {@code SELECT 1} answers within two seconds. */
  public Mono<Boolean> ping() {
    return database.ping(Duration.ofSeconds(2));
  }

  /** Disposes the pool, then stops the embedded server if any. Idempotent. */
  public Mono<Void> closeAsync() {
    if (!closed.compareAndSet(false, true)) {
      return Mono.empty();
    }
    return database
        .close()
        .onErrorResume(e -> Mono.empty())
        .then(
            Mono.fromRunnable(
                    () -> {
                      if (embedded != null) {
                        embedded.close();
                      }
                      log.info("{} store closed", database.url());
                    })
                .subscribeOn(Schedulers.boundedElastic()))
        .then();
  }

  /** Blocking {@link #closeAsync()}, for shutdown hooks and try-with-resources. Idempotent. */
  @Override
  public void close() {
    closeAsync().block(Duration.ofSeconds(60));
  }
}
