package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.version.VersionRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * simplex-chat's JSON chat message ({@code AppMessageJson}): {@code {"v": "1-18", "msgId":
 * base64url, "event": tag, "params": {…}}}.
 *
 * <p>{@code v} is the sender's chat protocol version range ({@code "18"} or {@code "1-18"}), {@code
 * 1} when absent; {@code msgId} (the shared message id) is optional; {@code params} is an object.
 * {@link #encode()} writes what simplex-chat's {@code encodeChatMessage} sends: the four fields in
 * that order ({@code msgId} omitted when absent) and the params with every object's keys sorted, as
 * aeson writes the {@code Value} simplex-chat builds them as. Unknown top-level fields (which
 * simplex-chat ignores) are kept in {@link #extra()} and written last.
 *
 * @param version the version range
 * @param msgId the shared message id, 1..255 bytes
 * @param event the event
 * @param extra unknown top-level fields, an object
 */
public record ChatMessage(
    VersionRange version, Optional<Bytes> msgId, ChatEvent event, JsonValue extra) {
  /** simplex-chat's {@code chatInitialVRange}, assumed when {@code v} is absent. */
  public static final VersionRange INITIAL_VERSION = VersionRange.of(1);

  /** The current chat protocol version range of simplex-chat (1..18 in the source read). */
  public static final VersionRange SUPPORTED_VERSIONS = new VersionRange(1, 18);

  static final Set<String> KNOWN = Set.of("v", "msgId", "event", "params");

  public ChatMessage {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(msgId, "msgId");
    msgId.ifPresent(m -> m.requireLength(1, 255, "msgId"));
    Objects.requireNonNull(event, "event");
    Params.requireObject(extra, "extra");
  }

  public ChatMessage(VersionRange version, Optional<Bytes> msgId, ChatEvent event) {
    this(version, msgId, event, Params.empty());
  }

  /**
   * Decodes a JSON chat message.
   *
   * @throws DecodeException as {@link ChatJson#parse(byte[])}; MISSING_FIELD without {@code event}
   *     or {@code params}; INVALID_VALUE for a bad version range, event tag or field type; and as
   *     {@link ChatEvents#decode}
   */
  public static ChatMessage decode(byte[] json) {
    JsonNode node = ChatJson.parse(json);
    if (!node.isObject()) {
      throw DecodeException.invalid("chat message must be a JSON object");
    }
    return fromJson((ObjectNode) node, 0);
  }

  /** As {@link #decode(byte[])}, from text. */
  public static ChatMessage decode(String json) {
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  static ChatMessage fromJson(ObjectNode o, int depth) {
    VersionRange v = Params.optString(o, "v").map(VersionRange::parse).orElse(INITIAL_VERSION);
    Optional<Bytes> msgId = Params.optString(o, "msgId").map(s -> Params.decodeBytes(s, "msgId"));
    String tag = Params.string(o, "event");
    ObjectNode params = Params.object(o, "params");
    ChatEvent event = ChatEvents.decode(tag, params, depth);
    return new ChatMessage(v, msgId, event, Params.extra(o, KNOWN));
  }

  /** The message as a JSON object (keys in their declared order). */
  public ObjectNode toJson() {
    ObjectNode o = ChatJson.object();
    o.put("v", version.print());
    msgId.ifPresent(m -> o.put("msgId", Params.b64(m)));
    o.put("event", event.tag());
    o.set("params", event.toParams());
    Params.putExtra(o, extra);
    return o;
  }

  /** The bytes simplex-chat sends for this message (see the class comment). */
  public byte[] encode() {
    StringBuilder sb = new StringBuilder(256).append('{');
    List<String> parts = new ArrayList<>();
    ObjectNode o = toJson();
    o.fieldNames().forEachRemaining(parts::add);
    // known fields keep their order; extra fields follow, sorted, as nested values are
    List<String> extras = new ArrayList<>(parts.subList(msgId.isPresent() ? 4 : 3, parts.size()));
    extras.sort(ChatJson::compareCodePoints);
    List<String> keys = new ArrayList<>(parts.subList(0, msgId.isPresent() ? 4 : 3));
    keys.addAll(extras);
    boolean first = true;
    for (String k : keys) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(ChatJson.write(ChatJson.nodes().textNode(k), false))
          .append(':')
          .append(ChatJson.write(o.get(k), true));
    }
    return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ChatMessage[v=" + version.print() + ", " + event.tag() + "]";
  }
}
