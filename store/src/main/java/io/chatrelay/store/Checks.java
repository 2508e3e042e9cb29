package io.chatrelay.store;

import java.util.Collection;
import java.util.HexFormat;

/**
 * Argument checks shared by the store's packages. Each failure is a {@link StoreException} of kind
 * {@link StoreException.Kind#INVALID_ARGUMENT}, thrown before anything touches the database.
 */
public final class Checks {
  private Checks() {}

  /** {@code value} is non-null and exactly {@code length} bytes; returns a copy. */
  public static byte[] exactly(byte[] value, int length, String what) {
    if (value == null) {
      throw StoreException.invalid(what + " is required");
    }
    if (value.length != length) {
      throw StoreException.invalid(what + " must be " + length + " bytes, got " + value.length);
    }
    return value.clone();
  }

  /** {@code value} is non-null and between {@code min} and {@code max} bytes; returns a copy. */
  public static byte[] between(byte[] value, int min, int max, String what) {
    if (value == null) {
      throw StoreException.invalid(what + " is required");
    }
    if (value.length < min || value.length > max) {
      throw StoreException.invalid(
          what + " must be " + min + ".." + max + " bytes, got " + value.length);
    }
    return value.clone();
  }

  /** Null, or at most {@code max} bytes; returns a copy or null. */
  public static byte[] optional(byte[] value, int max, String what) {
    if (value == null) {
      return null;
    }
    return between(value, 0, max, what);
  }

  /** A non-null, non-blank text of at most {@code max} characters. */
  public static String text(String value, int max, String what) {
    if (value == null || value.isBlank()) {
      throw StoreException.invalid(what + " is required");
    }
    if (value.length() > max) {
      throw StoreException.invalid(what + " must be at most " + max + " characters");
    }
    return value;
  }

  public static <T> T required(T value, String what) {
    if (value == null) {
      throw StoreException.invalid(what + " is required");
    }
    return value;
  }

  public static int range(int value, int min, int max, String what) {
    if (value < min || value > max) {
      throw StoreException.invalid(what + " must be " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  public static long atLeast(long value, long min, String what) {
    if (value < min) {
      throw StoreException.invalid(what + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  /** A non-empty collection without null elements of at most {@code max} items. */
  public static <C extends Collection<?>> C batch(C items, int max, String what) {
    if (items == null || items.isEmpty()) {
      throw StoreException.invalid(what + " must not be empty");
    }
    if (items.size() > max) {
      throw StoreException.invalid(what + " must hold at most " + max + " items");
    }
    for (Object item : items) {
      if (item == null) {
        throw StoreException.invalid(what + " must not contain null");
      }
    }
    return items;
  }

  /** A short hex prefix for log lines: identifiers, never keys or secrets. */
  public static String shortHex(byte[] id) {
    if (id == null) {
      return "-";
    }
    String hex = HexFormat.of().formatHex(id);
    return hex.length() > 16 ? hex.substring(0, 16) : hex;
  }
}
