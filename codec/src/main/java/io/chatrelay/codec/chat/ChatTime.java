package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.DecodeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** UTC times as aeson writes them: {@code 1970-01-01T00:00:01.000000001Z}, trailing zeros cut. */
final class ChatTime {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private ChatTime() {}

  static String print(Instant t) {
    StringBuilder sb = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append('Z').toString();
  }

  static Instant parse(String s, String what) {
    if (s.length() > 64) {
      throw DecodeException.overLimit(what + " too long");
    }
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new DecodeException(DecodeException.Reason.INVALID_VALUE, what + ": not a time", e);
    }
  }
}
