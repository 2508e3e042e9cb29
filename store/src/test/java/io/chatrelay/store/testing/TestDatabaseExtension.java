package io.chatrelay.store.testing;

import io.chatrelay.store.DatabaseUrl;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class its own fresh PostgreSQL database, shared by the class's tests.
 *
 * <p>The server: the one named by the environment variable {@value #URL_ENV} (for example {@code
 * postgresql://postgres@127.0.0.1:5432/test}; the user must be allowed to create databases), or
 * else one embedded PostgreSQL per JVM run, started on first use and stopped when the run ends. On
 * it, each class gets {@code CREATE DATABASE relay_it_<random>}, dropped after the class.
 *
 * <p>Use: {@code @ExtendWith(TestDatabaseExtension.class)} and a {@link TestDatabase} parameter in
 * a {@code @BeforeAll}, {@code @BeforeEach} or test method (or {@code @RegisterExtension} and
 * {@link #database()}).
 */
public final class TestDatabaseExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  /** The environment variable naming an external test server. */
  public static final String URL_ENV = "RELAY_TEST_DB_URL";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestDatabaseExtension.class);

  private TestDatabase database;

  @Override
  public void beforeAll(ExtensionContext context) {
    TestServer server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(TestServer.class, key -> startServer(), TestServer.class);
    TestDatabase db = server.createDatabase();
    context.getStore(NAMESPACE).put(TestDatabase.class, db);
    database = db;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestDatabase db = context.getStore(NAMESPACE).remove(TestDatabase.class, TestDatabase.class);
    if (db != null) {
      db.drop();
    }
    database = null;
  }

  /** The class's database (after {@code beforeAll}). */
  public TestDatabase database() {
    if (database == null) {
      throw new IllegalStateException("the test database exists only while the class runs");
    }
    return database;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      TestDatabase db = c.getStore(NAMESPACE).get(TestDatabase.class, TestDatabase.class);
      if (db != null) {
        return db;
      }
    }
    throw new ParameterResolutionException("no test database: is the extension on the class?");
  }

  private static TestServer startServer() {
    String url = System.getenv(URL_ENV);
    if (url != null && !url.isBlank()) {
      return TestServer.external(DatabaseUrl.parse(url));
    }
    return TestServer.embedded();
  }
}
