package io.chatrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.postgres.Database;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreExceptionMappingTest {
  @ParameterizedTest
  @CsvSource({
    "08006, UNAVAILABLE",
    "08001, UNAVAILABLE",
    "57P01, UNAVAILABLE",
    "57P03, UNAVAILABLE",
    "53300, UNAVAILABLE",
    "40001, TRANSIENT",
    "40P01, TRANSIENT",
    "55P03, TRANSIENT",
    "23505, CONFLICT",
    "23503, NOT_FOUND",
    "23514, INVALID_ARGUMENT",
    "22001, INVALID_ARGUMENT",
    "42P01, INTERNAL"
  })
  void sqlStatesMapToKinds(String sqlState, Kind kind) {
    StoreException e =
        Database.toStoreException(
            new R2dbcBadGrammarException("boom", sqlState, 0, (Throwable) null));
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.sqlState()).hasValue(sqlState);
    assertThat(e.retryable()).isEqualTo(kind == Kind.UNAVAILABLE || kind == Kind.TRANSIENT);
  }

  @Test
  void connectionFailuresAreRetryable() {
    assertThat(
            Database.toStoreException(new R2dbcNonTransientResourceException("closed")).retryable())
        .isTrue();
    assertThat(Database.toStoreException(new R2dbcTransientResourceException("reset")).retryable())
        .isTrue();
    assertThat(Database.toStoreException(new ConnectException("refused")).retryable()).isTrue();
    assertThat(
            Database.toStoreException(new RuntimeException(new IOException("broken pipe")))
                .retryable())
        .isTrue();
  }

  @Test
  void theSqlStateWinsOverTheExceptionClass() {
    assertThat(Database.toStoreException(new R2dbcRollbackException("ser", "40001")).kind())
        .isEqualTo(Kind.TRANSIENT);
    assertThat(
            Database.toStoreException(new R2dbcDataIntegrityViolationException("dup", "23505"))
                .retryable())
        .isFalse();
  }

  @Test
  void otherFailuresAreInternalAndNotRetryable() {
    StoreException e = Database.toStoreException(new IllegalStateException("bug"));
    assertThat(e.kind()).isEqualTo(Kind.INTERNAL);
    assertThat(e.retryable()).isFalse();
    StoreException same = StoreException.conflict("x");
    assertThat(Database.toStoreException(same)).isSameAs(same);
  }
}
