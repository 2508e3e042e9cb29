package io.chatrelay.codec.testing;

import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Supplies a seeded {@link Random} to property tests and prints the seed when one fails.
 *
 * <p>The seed is fixed per test method (so runs are deterministic) unless {@code -Dtest.seed=N} is
 * given; {@code -Dtest.seed=random} draws a fresh one. Reproduce a failure with the printed seed.
 */
public final class Seeded implements ParameterResolver, TestWatcher {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(Seeded.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Random.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    long seed = seedFor(e);
    e.getStore(NS).put("seed", seed);
    if ("random".equals(System.getProperty("test.seed"))) {
      // Long randomized runs print their seed up front, so any run can be repeated.
      System.out.println("[seed] " + e.getDisplayName() + " runs with -Dtest.seed=" + seed);
    }
    return new Random(seed);
  }

  /** Iterations for property tests: {@code -Dtest.iterations=N}, default {@code dflt}. */
  public static int iterations(int dflt) {
    return Integer.getInteger("test.iterations", dflt);
  }

  private static long seedFor(ExtensionContext e) {
    String prop = System.getProperty("test.seed");
    if (prop != null && prop.equals("random")) {
      return new Random().nextLong();
    }
    if (prop != null && !prop.isBlank()) {
      return Long.parseLong(prop.trim());
    }
    Method m = e.getRequiredTestMethod();
    return (m.getDeclaringClass().getName() + "#" + m.getName() + e.getDisplayName()).hashCode();
  }

  @Override
  public void testFailed(ExtensionContext e, Throwable cause) {
    Long seed = e.getStore(NS).get("seed", Long.class);
    if (seed != null) {
      System.err.println(
          "[seed] " + e.getDisplayName() + " failed with -Dtest.seed=" + seed + " (reproduce)");
    }
  }
}
