package io.chatrelay.store.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Small helpers over R2DBC statements: positional binding ({@code $1, $2, ...}) with typed nulls,
 * and reading rows or update counts.
 */
public final class Sql {
  private Sql() {}

  /** A SQL NULL of the given Java type, for {@link #bind}. */
  public record Null(Class<?> type) {}

  public static Null nullOf(Class<?> type) {
    return new Null(type);
  }

  /** {@code value}'s content, or a SQL NULL of {@code type} if it is empty, for {@link #bind}. */
  public static Object valueOrNull(Optional<?> value, Class<?> type) {
    return value.<Object>map(v -> v).orElseGet(() -> nullOf(type));
  }

  /** Binds {@code values} to {@code $1..$n}; a Java null must be given as {@link #nullOf}. */
  public static Statement bind(Statement statement, Object... values) {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Null n) {
        statement.bindNull(i, n.type());
      } else if (v == null) {
        throw new IllegalArgumentException("parameter $" + (i + 1) + " is null without a type");
      } else {
        statement.bind(i, v);
      }
    }
    return statement;
  }

  /** Runs a query and maps every row. */
  public static <T> Flux<T> query(
      Connection c, String sql, Function<Readable, T> mapper, Object... values) {
    return Flux.from(bind(c.createStatement(sql), values).execute())
        .concatMap(result -> result.map(mapper));
  }

  /** Runs a statement and emits the total number of rows it changed. */
  public static Mono<Long> update(Connection c, String sql, Object... values) {
    return Flux.from(bind(c.createStatement(sql), values).execute())
        .concatMap(result -> result.getRowsUpdated())
        .reduce(0L, Long::sum);
  }

  public static byte[] bytes(Readable row, String column) {
    return row.get(column, byte[].class);
  }

  public static long longValue(Readable row, String column) {
    Long v = row.get(column, Long.class);
    if (v == null) {
      throw new IllegalStateException(column + " is null");
    }
    return v;
  }
}
