package io.chatrelay.store.notify;

import io.chatrelay.store.StoreException;
import io.chatrelay.store.postgres.Database;
import io.chatrelay.store.postgres.Sql;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL {@code LISTEN}/{@code NOTIFY} between relay instances sharing one database: short text
 * messages, delivered to every listener after the notifying transaction commits, in commit order.
 * Best effort: a listener whose connection drops misses what was sent meanwhile.
 */
public final class Notifications {
  /** PostgreSQL's payload limit is 8000 bytes. */
  public static final int MAX_PAYLOAD = 7999;

  private final Database db;

  public Notifications(Database db) {
    this.db = db;
  }

  /** Sends {@code payload} on {@code channel}. */
  public Mono<Void> notify(String channel, String payload) {
    if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
      return Mono.error(StoreException.invalid("notification payload over 7999 bytes"));
    }
    return db.withConnection(
            c -> Sql.query(c, "SELECT pg_notify($1, $2)", row -> Boolean.TRUE, channel, payload))
        .then();
  }

  /**
   * The payloads sent on {@code channel} once listening ({@code listening} runs then); see {@link
   * Database#listen}.
   */
  public Flux<String> listen(String channel, Runnable listening) {
    return db.listen(channel, listening);
  }
}
