package io.chatrelay.codec.chat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.encoding.DecodeException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON as simplex-chat reads and writes it (Haskell aeson).
 *
 * <p>Reading: one UTF-8 JSON value, at most {@value #MAX_JSON_BYTES} bytes and {@value #MAX_DEPTH}
 * levels deep, checked before parsing; duplicate object keys, trailing tokens, lone surrogates and
 * malformed UTF-8 are refused; non-integer numbers are kept as exact decimals.
 *
 * <p>Writing ({@link #write(JsonNode, boolean)}) reproduces aeson's compact encoding: no
 * whitespace; strings escape only {@code "} {@code \} and control characters ({@code \n}, {@code
 * \r}, {@code \t}, others as lowercase {@code \}{@code u00xx}), everything else raw UTF-8; integers
 * in decimal; other numbers in aeson's {@code Scientific} form ({@code 1.5}, {@code 1.0e-2}).
 * Objects keep their key order, or, in sorted mode, have every object's keys sorted by code point,
 * which is how aeson writes a {@code Value} (a {@code KeyMap} is an ordered map): simplex-chat
 * builds message params as {@code Value}s, so their keys come out sorted.
 */
public final class ChatJson {
  /** The largest JSON text read: simplex-chat's {@code maxDecompressedMsgLength}. */
  public static final int MAX_JSON_BYTES = 65536;

  /** The deepest nesting read. */
  public static final int MAX_DEPTH = 64;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_JSON_BYTES)
                .maxNumberLength(1000)
                .build());
  }

  private ChatJson() {}

  /**
   * Parses one JSON value.
   *
   * @throws DecodeException OVER_LIMIT above {@value #MAX_JSON_BYTES} bytes or {@value #MAX_DEPTH}
   *     levels, BAD_ENCODING for malformed JSON or UTF-8, INVALID_VALUE for duplicate keys,
   *     TRAILING_DATA for text after the value
   */
  public static JsonNode parse(byte[] json) {
    if (json.length > MAX_JSON_BYTES) {
      throw DecodeException.overLimit(
          "JSON of " + json.length + " bytes exceeds " + MAX_JSON_BYTES);
    }
    if (json.length == 0) {
      throw DecodeException.truncated("empty JSON");
    }
    // Jackson replaces nothing, but reports malformed UTF-8; check strictly first.
    String text = strictUtf8(json);
    return parseText(text);
  }

  /** Parses JSON text; as {@link #parse(byte[])}. */
  public static JsonNode parse(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_JSON_BYTES) {
      throw DecodeException.overLimit(
          "JSON of " + bytes.length + " bytes exceeds " + MAX_JSON_BYTES);
    }
    return parseText(json);
  }

  private static JsonNode parseText(String text) {
    JsonNode node;
    try (JsonParser p = MAPPER.createParser(text)) {
      node = MAPPER.readTree(p);
      if (node == null) {
        throw DecodeException.truncated("no JSON value");
      }
      boolean more;
      try {
        more = p.nextToken() != null;
      } catch (JsonProcessingException e) {
        more = true;
      }
      if (more) {
        throw DecodeException.trailing("text after the JSON value");
      }
    } catch (JsonProcessingException e) {
      String m = String.valueOf(e.getOriginalMessage());
      if (m.contains("Duplicate field")) {
        throw new DecodeException(DecodeException.Reason.INVALID_VALUE, "duplicate JSON key", e);
      }
      if (m.contains("Trailing token")) {
        throw new DecodeException(DecodeException.Reason.TRAILING_DATA, "text after JSON", e);
      }
      if (m.contains("exceeds the maximum")) {
        throw new DecodeException(DecodeException.Reason.OVER_LIMIT, "JSON over a limit", e);
      }
      throw new DecodeException(DecodeException.Reason.BAD_ENCODING, "malformed JSON: " + m, e);
    } catch (IOException e) {
      throw new DecodeException(DecodeException.Reason.BAD_ENCODING, "unreadable JSON", e);
    }
    checkStrings(node);
    return node;
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new DecodeException(DecodeException.Reason.BAD_ENCODING, "malformed UTF-8", e);
    }
  }

  /** Refuses lone surrogates (from escapes): aeson's Text cannot hold them. */
  private static void checkStrings(JsonNode node) {
    if (node.isTextual()) {
      checkString(node.textValue());
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        checkString(e.getKey());
        checkStrings(e.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        checkStrings(n);
      }
    }
  }

  private static void checkString(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw DecodeException.badEncoding("lone surrogate in JSON string");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw DecodeException.badEncoding("lone surrogate in JSON string");
      }
    }
  }

  /** Writes {@code node} as aeson does; {@code sorted} sorts every object's keys. */
  public static String write(JsonNode node, boolean sorted) {
    StringBuilder sb = new StringBuilder(256);
    write(node, sorted, sb);
    return sb.toString();
  }

  /** UTF-8 bytes of {@link #write(JsonNode, boolean)}. */
  public static byte[] writeBytes(JsonNode node, boolean sorted) {
    return write(node, sorted).getBytes(StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, boolean sorted, StringBuilder sb) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        sb.append('{');
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        if (sorted) {
          keys.sort(ChatJson::compareCodePoints);
        }
        boolean first = true;
        for (String k : keys) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          string(k, sb);
          sb.append(':');
          write(node.get(k), sorted, sb);
        }
        sb.append('}');
      }
      case ARRAY -> {
        sb.append('[');
        boolean first = true;
        for (JsonNode n : node) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          write(n, sorted, sb);
        }
        sb.append(']');
      }
      case STRING -> string(node.textValue(), sb);
      case BOOLEAN -> sb.append(node.booleanValue() ? "true" : "false");
      case NULL -> sb.append("null");
      case NUMBER -> number(node, sb);
      default -> throw new IllegalArgumentException("not JSON: " + node.getNodeType());
    }
  }

  /** Text order as Haskell's: by code point (Java's String order differs above U+FFFF). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void number(JsonNode node, StringBuilder sb) {
    if (node.isIntegralNumber()) {
      sb.append(node.bigIntegerValue().toString());
      return;
    }
    BigDecimal d = node.decimalValue();
    int exponent = -d.scale();
    if (exponent >= 0 && exponent <= 1024) {
      // aeson: integer-valued with a small exponent prints as an integer
      sb.append(d.unscaledValue().multiply(BigInteger.TEN.pow(exponent)));
      return;
    }
    sb.append(scientificGeneric(d));
  }

  /** Haskell's {@code formatScientific Generic Nothing}: fixed for 0.1 <= |x| < 10^7. */
  static String scientificGeneric(BigDecimal d) {
    if (d.signum() == 0) {
      return "0.0";
    }
    String sign = d.signum() < 0 ? "-" : "";
    BigDecimal a = d.abs().stripTrailingZeros();
    String digits = a.unscaledValue().toString();
    // value = 0.digits * 10^e
    int e = digits.length() - a.scale();
    if (e >= 0 && e <= 7) {
      // fixed: 0.1 <= x < 10^7
      if (e == 0) {
        return sign + "0." + digits;
      }
      if (digits.length() <= e) {
        return sign + digits + "0".repeat(e - digits.length()) + ".0";
      }
      return sign + digits.substring(0, e) + "." + digits.substring(e);
    }
    String rest = digits.length() > 1 ? digits.substring(1) : "0";
    return sign + digits.charAt(0) + "." + rest + "e" + (e - 1);
  }

  /** A fresh empty object node. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static JsonNodeFactory nodes() {
    return MAPPER.getNodeFactory();
  }
}
