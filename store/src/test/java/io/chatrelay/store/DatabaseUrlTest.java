package io.chatrelay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql://relay@db.example:6543/chat",
        "postgres://relay@db.example:6543/chat",
        "r2dbc:postgresql://relay@db.example:6543/chat",
        "r2dbc:postgres://relay@db.example:6543/chat",
        "jdbc:postgresql://db.example:6543/chat?user=relay",
        "  POSTGRESQL://relay@db.example:6543/chat  "
      })
  void acceptsEveryForm(String url) {
    DatabaseUrl parsed = DatabaseUrl.parse(url);
    assertThat(parsed)
        .isEqualTo(
            new DatabaseUrl("db.example", 6543, "chat", "relay", Optional.empty(), "disable"));
  }

  @Test
  void defaultsPortUserAndDatabase() {
    assertThat(DatabaseUrl.parse("postgresql://localhost"))
        .isEqualTo(
            new DatabaseUrl(
                "localhost", 5432, "postgres", "postgres", Optional.empty(), "disable"));
    assertThat(DatabaseUrl.parse("postgresql://alice@localhost").database()).isEqualTo("alice");
  }

  @Test
  void decodesPasswordsAndHidesThem() {
    DatabaseUrl url =
        DatabaseUrl.parse("postgresql://bob:p%40ss%3Aw+rd@127.0.0.1/db?sslmode=require");
    assertThat(url.password()).hasValue("p@ss:w+rd");
    assertThat(url.sslMode()).isEqualTo("require");
    assertThat(url.toString()).doesNotContain("p@ss").contains("***");
    assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db?user=u&password=secret").password())
        .hasValue("secret");
  }

  @Test
  void understandsIpv6Hosts() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://u@[::1]:5433/db");
    assertThat(url.host()).isEqualTo("::1");
    assertThat(url.jdbcUrl()).startsWith("jdbc:postgresql://[::1]:5433/db");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "mysql://u@h/db",
        "postgresql:///db",
        "postgresql://u@h:99999/db",
        "postgresql://u@h/db?connectTimeout=5",
        "postgresql://u@h/db?sslmode=sometimes",
        "postgresql://u@h/a/b",
        "postgresql://u@h/db?broken"
      })
  void refusesMalformedUrlsWithATypedError(String url) {
    assertThatThrownBy(() -> DatabaseUrl.parse(url))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID_ARGUMENT));
  }

  @Test
  void errorMessagesDoNotLeakPasswords() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:hunter2@h/db"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2@h/db?x=1&password=hunter2"))
        .hasMessageNotContaining("hunter2");
  }
}
