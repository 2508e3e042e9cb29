package io.chatrelay.store.postgres;

import io.chatrelay.store.DatabaseUrl;
import io.chatrelay.store.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned schema migrations in {@code db/migration} (Flyway over JDBC). Blocking: run
 * it once at startup, off any event loop. Safe to run concurrently from several relays: Flyway
 * takes a PostgreSQL advisory lock.
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * Brings the schema of {@code url} up to the newest version.
   *
   * @return the schema version after migrating
   * @throws StoreException when the database cannot be reached ({@code UNAVAILABLE}) or a migration
   *     fails ({@code INTERNAL})
   */
  public static String migrate(DatabaseUrl url) {
    try {
      Flyway flyway =
          Flyway.configure(Migrations.class.getClassLoader())
              .dataSource(url.jdbcUrl(), url.user(), url.password().orElse(null))
              .locations("classpath:db/migration")
              .cleanDisabled(true)
              .connectRetries(3)
              .load();
      MigrateResult result = flyway.migrate();
      log.info(
          "{} schema at version {} ({} migrations applied)",
          url,
          result.targetSchemaVersion == null
              ? result.initialSchemaVersion
              : result.targetSchemaVersion,
          result.migrationsExecuted);
      return flyway.info().current() == null
          ? "0"
          : flyway.info().current().getVersion().toString();
    } catch (FlywayException e) {
      boolean unreachable = e.getMessage() != null && e.getMessage().contains("Unable to obtain");
      throw new StoreException(
          unreachable ? StoreException.Kind.UNAVAILABLE : StoreException.Kind.INTERNAL,
          "schema migration of " + url + " failed: " + e.getMessage(),
          null,
          e);
    }
  }
}
