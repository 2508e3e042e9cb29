package io.chatrelay.store.identity;

import io.chatrelay.store.StoreException;
import io.chatrelay.store.postgres.Database;
import io.chatrelay.store.postgres.Sql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** The relay identity: one row, written once. */
public final class IdentityStore {
  private final Database db;

  public IdentityStore(Database db) {
    this.db = db;
  }

  /** The stored identity, or empty before the first start has stored one. */
  public Mono<RelayIdentity> load() {
    return db.withConnection(c -> select(c).flux()).next();
  }

  /**
   * Stores {@code candidate} unless an identity is already stored, and returns the stored one. Two
   * relays starting at once on one database end with the same identity: the first insert wins, the
   * other call returns it.
   */
  public Mono<RelayIdentity> createIfAbsent(RelayIdentity candidate) {
    if (candidate == null) {
      return Mono.error(StoreException.invalid("identity is required"));
    }
    return db.inTransaction(
        c ->
            Sql.update(
                    c,
                    "INSERT INTO relay_identity (private_seed, public_key, certificate)"
                        + " VALUES ($1, $2, $3) ON CONFLICT (singleton) DO NOTHING",
                    candidate.privateSeed(),
                    candidate.publicKey(),
                    candidate.certificate())
                .then(select(c)));
  }

  private static Mono<RelayIdentity> select(Connection c) {
    return Sql.query(
            c,
            "SELECT private_seed, public_key, certificate, created_at FROM relay_identity",
            IdentityStore::identity)
        .next();
  }

  private static RelayIdentity identity(Readable row) {
    return new RelayIdentity(
        Sql.bytes(row, "private_seed"),
        Sql.bytes(row, "public_key"),
        Sql.bytes(row, "certificate"),
        Optional.ofNullable(row.get("created_at", Instant.class)));
  }
}
