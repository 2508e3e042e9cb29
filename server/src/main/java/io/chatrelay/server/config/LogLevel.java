package io.chatrelay.server.config;

import java.util.Locale;

/**
 * How much the relay logs: the level of its own loggers ({@code io.chatrelay}); libraries log
 * warnings and errors only, whatever this is.
 */
public enum LogLevel {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR;

  /**
   * The level {@code value} names, in any case.
   *
   * @param source where the value comes from (an option, a key, a variable), for the message
   * @throws IllegalArgumentException naming {@code source} and the accepted values
   */
  public static LogLevel parse(String source, String value) {
    String v = value.strip().toUpperCase(Locale.ROOT);
    for (LogLevel l : values()) {
      if (l.name().equals(v)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        source + " must be one of trace, debug, info, warn, error; got '" + value + "'");
  }
}
