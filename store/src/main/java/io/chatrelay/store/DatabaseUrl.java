package io.chatrelay.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the relay's PostgreSQL is: host, port, database, user and optional password and TLS mode.
 *
 * <p>{@link #parse(String)} accepts {@code postgresql://user[:password]@host[:port]/database},
 * {@code postgres://...}, {@code r2dbc:postgresql://...} (or {@code r2dbc:postgres://}) and {@code
 * jdbc:postgresql://...}. Query parameters {@code user}, {@code password} and {@code sslmode}
 * (disable, allow, prefer, require, verify-ca, verify-full) are understood; any other parameter is
 * refused, so a typo does not silently change what the relay connects to. Defaults: port 5432, user
 * {@code postgres}, database = user. {@link #toString()} never shows the password.
 *
 * @param host host name or IP address (IPv6 without brackets)
 * @param port TCP port, 1..65535
 * @param database database name
 * @param user user name
 * @param password password, if any
 * @param sslMode libpq {@code sslmode}, {@code disable} unless given
 */
public record DatabaseUrl(
    String host,
    int port,
    String database,
    String user,
    Optional<String> password,
    String sslMode) {

  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  public DatabaseUrl {
    Checks.text(host, 255, "database host");
    Checks.range(port, 1, 65535, "database port");
    Checks.text(database, 63, "database name");
    Checks.text(user, 63, "database user");
    password = Checks.required(password, "password (Optional)");
    if (!SSL_MODES.contains(Checks.required(sslMode, "sslmode"))) {
      throw StoreException.invalid(
          "unknown sslmode '" + sslMode + "', expected one of " + SSL_MODES);
    }
  }

  /**
   * Parses a database URL in one of the accepted forms.
   *
   * @throws StoreException of kind {@code INVALID_ARGUMENT} with the reason when it is malformed
   */
  public static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw StoreException.invalid("database URL is empty");
    }
    String rest = url.trim();
    String lower = rest.toLowerCase(Locale.ROOT);
    for (String prefix : new String[] {"r2dbc:", "jdbc:"}) {
      if (lower.startsWith(prefix)) {
        rest = rest.substring(prefix.length());
        lower = lower.substring(prefix.length());
        break;
      }
    }
    if (!lower.startsWith("postgresql://") && !lower.startsWith("postgres://")) {
      throw StoreException.invalid(
          "database URL must start with postgresql://, postgres://, r2dbc:postgresql:// or"
              + " jdbc:postgresql://, got '"
              + redact(url)
              + "'");
    }
    URI uri;
    try {
      uri = new URI(rest);
    } catch (URISyntaxException e) {
      throw StoreException.invalid(
          "malformed database URL '" + redact(url) + "': " + e.getReason());
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw StoreException.invalid("database URL '" + redact(url) + "' names no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();

    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }

    String sslMode = "disable";
    for (Map.Entry<String, String> param : query(uri.getRawQuery(), url).entrySet()) {
      switch (param.getKey()) {
        case "user" -> user = param.getValue();
        case "password" -> password = param.getValue();
        case "sslmode" -> sslMode = param.getValue();
        default ->
            throw StoreException.invalid(
                "unsupported database URL parameter '"
                    + param.getKey()
                    + "' (supported: user, password, sslmode)");
      }
    }
    if (user == null || user.isEmpty()) {
      user = "postgres";
    }
    String path = uri.getRawPath();
    String database = path == null || path.length() <= 1 ? user : decode(path.substring(1));
    if (database.contains("/")) {
      throw StoreException.invalid("database URL path must be one database name");
    }
    return new DatabaseUrl(host, port, database, user, Optional.ofNullable(password), sslMode);
  }

  /** The same server and credentials, another database (for creating test databases). */
  public DatabaseUrl withDatabase(String otherDatabase) {
    return new DatabaseUrl(host, port, otherDatabase, user, password, sslMode);
  }

  /** The JDBC URL for pgjdbc (credentials are passed separately). */
  public String jdbcUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + database + "?sslmode=" + sslMode;
  }

  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "postgresql://"
        + user
        + (password.isPresent() ? ":***" : "")
        + "@"
        + h
        + ":"
        + port
        + "/"
        + database
        + ("disable".equals(sslMode) ? "" : "?sslmode=" + sslMode);
  }

  private static Map<String, String> query(String rawQuery, String url) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw StoreException.invalid(
            "malformed parameter '" + pair + "' in database URL '" + redact(url) + "'");
      }
      params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw StoreException.invalid("bad percent-encoding in database URL: " + e.getMessage());
    }
  }

  /** The URL with any password replaced, for error messages. */
  static String redact(String url) {
    return url.replaceAll("(://[^:/@?#]*:)[^@/?#]*@", "$1***@")
        .replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
