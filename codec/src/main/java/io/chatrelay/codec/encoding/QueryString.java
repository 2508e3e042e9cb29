package io.chatrelay.codec.encoding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Query strings exactly as SimpleX renders and parses them (simplexmq {@code
 * Simplex.Messaging.Agent.QueryString}, which uses http-types {@code renderSimpleQuery False} and
 * {@code parseSimpleQuery}).
 *
 * <p>Rendering ({@link #render}, SimpleX's {@code QSP QEscape}): {@code name=value} pairs joined by
 * {@code &}, no leading {@code ?}; names and values are UTF-8 and percent-encoded with http-types
 * {@code urlEncode True}: only {@code A-Z a-z 0-9 - _ . ~} stay as they are, every other byte
 * (including space, which becomes {@code %20}, never {@code +}) is written {@code %XX} with
 * upper-case hex. {@link #renderRawValues} is SimpleX's {@code QSP QNoEscaping}: names escaped,
 * values written as they are (used for the e2e parameters inside a connection request).
 *
 * <p>Parsing ({@link #parse}): an optional leading {@code ?} is dropped; pairs are separated by
 * {@code &} <em>or</em> {@code ;}; a pair without {@code =} has an empty value; {@code +} decodes
 * to a space; {@code %XX} decodes to a byte; a {@code %} not followed by two hex digits is kept
 * literally (http-types ignores percent-decoding errors, and so do we, to read whatever SimpleX
 * reads). Lookup ({@link #first}) returns the first parameter of a name; parameters with other
 * names are ignored.
 */
public final class QueryString {
  private QueryString() {}

  /** One query parameter, already percent-decoded. */
  public record Param(String name, String value) {
    public Param {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Renders with every name and value percent-encoded ({@code QSP QEscape}). */
  public static String render(List<Param> params) {
    StringBuilder sb = new StringBuilder();
    for (Param p : params) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(urlEncode(p.name())).append('=').append(urlEncode(p.value()));
    }
    return sb.toString();
  }

  /** Renders with names encoded and values as they are ({@code QSP QNoEscaping}). */
  public static String renderRawValues(List<Param> params) {
    StringBuilder sb = new StringBuilder();
    for (Param p : params) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(urlEncode(p.name())).append('=').append(p.value());
    }
    return sb.toString();
  }

  /** http-types {@code urlEncode True} of the UTF-8 bytes of {@code s}. */
  public static String urlEncode(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length * 3 / 2);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (isUnreserved(c)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >>> 4]).append(HEX[c & 15]);
      }
    }
    return sb.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** The characters {@code urlEncode True} keeps: {@code A-Z a-z 0-9 - _ . ~}. */
  public static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '~';
  }

  /**
   * http-types {@code urlDecode True}: {@code +} to space, {@code %XX} to a byte, malformed escapes
   * kept; the bytes are read as UTF-8 with malformed sequences replaced (SimpleX's {@code
   * safeDecodeUtf8}).
   */
  public static String urlDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      int c = in[i] & 0xFF;
      if (c == '+') {
        out.write(' ');
      } else if (c == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
        out.write((hex(in[i + 1]) << 4) | hex(in[i + 2]));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    return -1;
  }

  /**
   * Parses a query string as http-types {@code parseSimpleQuery} does.
   *
   * @throws DecodeException TRAILING_DATA if the string contains a space or a line feed (SimpleX's
   *     query parser stops there and the rest of the input is left over)
   */
  public static List<Param> parse(String query) {
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == ' ' || c == '\n') {
        throw DecodeException.trailing(
            "unexpected " + (c == ' ' ? "space" : "line feed") + " in query string at " + i);
      }
    }
    String q = query.startsWith("?") ? query.substring(1) : query;
    List<Param> params = new ArrayList<>();
    int start = 0;
    while (start < q.length()) {
      int end = start;
      while (end < q.length() && q.charAt(end) != '&' && q.charAt(end) != ';') {
        end++;
      }
      String pair = q.substring(start, end);
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.add(new Param(urlDecode(name), urlDecode(value)));
      start = end + 1;
    }
    return List.copyOf(params);
  }

  /** The value of the first parameter called {@code name}, as SimpleX's {@code queryParam}. */
  public static Optional<String> first(List<Param> params, String name) {
    for (Param p : params) {
      if (p.name().equals(name)) {
        return Optional.of(p.value());
      }
    }
    return Optional.empty();
  }

  /**
   * The value of the first parameter called {@code name}.
   *
   * @throws DecodeException MISSING_FIELD if there is none
   */
  public static String required(List<Param> params, String name, String where) {
    return first(params, name)
        .orElseThrow(() -> DecodeException.missing(where + ": missing parameter '" + name + "'"));
  }
}
