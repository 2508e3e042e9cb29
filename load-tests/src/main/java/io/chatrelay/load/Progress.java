package io.chatrelay.load;

/** Progress lines on standard error, so standard output stays one JSON summary. */
final class Progress {
  private static final long START = System.nanoTime();

  private Progress() {}

  static void say(String format, Object... args) {
    System.err.printf(
        "[%7.1f s] %s%n", (System.nanoTime() - START) / 1e9, String.format(format, args));
  }
}
