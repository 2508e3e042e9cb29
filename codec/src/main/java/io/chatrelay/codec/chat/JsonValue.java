package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An immutable JSON value: a deep copy of a Jackson tree, for the parts of simplex-chat's
 * structures this codec keeps without modelling their inside (group preferences, member admission,
 * profiles, unknown fields and unknown events' params).
 *
 * <p>Equality is structural (object key order does not matter, as in aeson's {@code Value}). {@link
 * #toString()} prints only the JSON type, since a value may hold keys or personal data.
 */
public final class JsonValue {
  private final JsonNode node;

  private JsonValue(JsonNode node) {
    this.node = node;
  }

  /** A copy of {@code node}. */
  public static JsonValue of(JsonNode node) {
    Objects.requireNonNull(node, "node");
    return new JsonValue(node.deepCopy());
  }

  /**
   * Parses one JSON value with {@link ChatJson}'s limits.
   *
   * @throws io.chatrelay.codec.encoding.DecodeException as {@link ChatJson#parse(byte[])}
   */
  public static JsonValue parse(String json) {
    return new JsonValue(ChatJson.parse(json));
  }

  /** A copy of the tree. */
  public JsonNode node() {
    return node.deepCopy();
  }

  /** A copy of the tree if it is an object. */
  public ObjectNode object() {
    if (!node.isObject()) {
      throw new IllegalStateException("not a JSON object");
    }
    return (ObjectNode) node.deepCopy();
  }

  public boolean isObject() {
    return node.isObject();
  }

  /** The compact encoding, object keys in their order (as aeson's {@code toEncoding}). */
  public String encode() {
    return ChatJson.write(node, false);
  }

  /** The compact encoding with every object's keys sorted (as aeson encodes a {@code Value}). */
  public String encodeSorted() {
    return ChatJson.write(node, true);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonValue v && node.equals(v.node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }

  @Override
  public String toString() {
    return "JsonValue[" + node.getNodeType() + "]";
  }
}
