package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.Link;
import io.chatrelay.codec.link.Links;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reading and writing the fields of simplex-chat JSON objects, as aeson's TH instances do. */
final class Params {
  private Params() {}

  static JsonNode field(ObjectNode o, String key) {
    JsonNode n = o.get(key);
    // aeson's (.:?) reads null as absent
    return n == null || n.isNull() ? null : n;
  }

  static String string(ObjectNode o, String key) {
    JsonNode n = o.get(key);
    if (n == null) {
      throw DecodeException.missing("missing field '" + key + "'");
    }
    if (!n.isTextual()) {
      throw DecodeException.invalid("field '" + key + "' must be a string");
    }
    return n.textValue();
  }

  static Optional<String> optString(ObjectNode o, String key) {
    JsonNode n = field(o, key);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw DecodeException.invalid("field '" + key + "' must be a string");
    }
    return Optional.of(n.textValue());
  }

  static ObjectNode object(ObjectNode o, String key) {
    JsonNode n = o.get(key);
    if (n == null) {
      throw DecodeException.missing("missing field '" + key + "'");
    }
    if (!n.isObject()) {
      throw DecodeException.invalid("field '" + key + "' must be an object");
    }
    return (ObjectNode) n;
  }

  static Optional<JsonValue> optValue(ObjectNode o, String key) {
    JsonNode n = field(o, key);
    return n == null ? Optional.empty() : Optional.of(JsonValue.of(n));
  }

  /** A base64url string (simplexmq's {@code strEncode} of a ByteString) of 1..255 bytes. */
  static Bytes bytes(ObjectNode o, String key) {
    return decodeBytes(string(o, key), key);
  }

  static Bytes decodeBytes(String s, String key) {
    byte[] b = Base64Url.decode(s, key);
    if (b.length > 255) {
      throw DecodeException.overLimit(key + " of " + b.length + " bytes exceeds 255");
    }
    return Bytes.of(b);
  }

  static Link link(ObjectNode o, String key) {
    return Links.parse(string(o, key));
  }

  /** The fields of {@code o} other than {@code known}, in their order, as an object value. */
  static JsonValue extra(ObjectNode o, Set<String> known) {
    ObjectNode rest = ChatJson.object();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      if (!known.contains(e.getKey())) {
        rest.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return JsonValue.of(rest);
  }

  /** Appends the extra fields after the known ones; a clash with a known field is refused. */
  static void putExtra(ObjectNode o, JsonValue extra) {
    for (Map.Entry<String, JsonNode> e : extra.node().properties()) {
      if (o.has(e.getKey())) {
        throw new IllegalArgumentException("extra field '" + e.getKey() + "' clashes");
      }
      o.set(e.getKey(), e.getValue());
    }
  }

  static JsonValue empty() {
    return JsonValue.of(ChatJson.object());
  }

  static JsonValue requireObject(JsonValue v, String what) {
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
    return v;
  }

  static String b64(Bytes b) {
    return Base64Url.encodePadded(b.toByteArray());
  }
}
