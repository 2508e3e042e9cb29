package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.encoding.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The user data of a group's (channel's) short link: simplex-chat's {@code GroupShortLinkData},
 * JSON {@code {"groupProfile": GroupProfile, "publicGroupData": {"publicMemberCount": n}}} with
 * {@code publicGroupData} omitted when absent; fields in that order (aeson's {@code toEncoding},
 * declaration order, not sorted).
 *
 * <p>Encoding ({@code encodeShortLinkData}): the JSON bytes if at most {@value #COMPRESS_ABOVE}
 * bytes, otherwise {@code 'X'} then one zstd frame (level 3) of them, no length prefix. Decoding
 * ({@code decodeLinkUserData}): a leading {@code 'X'} means a zstd frame of at most 65536 bytes,
 * declared in its header; anything else is the JSON.
 *
 * @param groupProfile the group profile
 * @param publicMemberCount {@code publicGroupData.publicMemberCount}, if the data has it
 * @param publicGroupExtra unknown fields of {@code publicGroupData} (empty without it)
 * @param extra unknown top-level fields
 */
public record GroupShortLinkData(
    GroupProfile groupProfile,
    Optional<Long> publicMemberCount,
    JsonValue publicGroupExtra,
    JsonValue extra) {
  /** Link user data longer than this is compressed. */
  public static final int COMPRESS_ABOVE = 10240;

  static final Set<String> KNOWN = Set.of("groupProfile", "publicGroupData");

  public GroupShortLinkData {
    Objects.requireNonNull(groupProfile, "groupProfile");
    Objects.requireNonNull(publicMemberCount, "publicMemberCount");
    Params.requireObject(publicGroupExtra, "publicGroupExtra");
    Params.requireObject(extra, "extra");
    if (publicMemberCount.isEmpty() && publicGroupExtra.node().size() > 0) {
      throw new IllegalArgumentException("publicGroupData fields without publicMemberCount");
    }
  }

  public GroupShortLinkData(GroupProfile groupProfile, Optional<Long> publicMemberCount) {
    this(groupProfile, publicMemberCount, Params.empty(), Params.empty());
  }

  /** The JSON object. */
  public ObjectNode toJson() {
    ObjectNode o = ChatJson.object();
    o.set("groupProfile", groupProfile.toJson());
    publicMemberCount.ifPresent(
        n -> {
          ObjectNode p = ChatJson.object();
          p.put("publicMemberCount", n);
          Params.putExtra(p, publicGroupExtra);
          o.set("publicGroupData", p);
        });
    Params.putExtra(o, extra);
    return o;
  }

  /** The link user data bytes, compressed above {@value #COMPRESS_ABOVE} bytes. */
  public byte[] encode() {
    byte[] json = ChatJson.writeBytes(toJson(), false);
    if (json.length <= COMPRESS_ABOVE) {
      return json;
    }
    byte[] frame = ChatCompression.zstd(json);
    byte[] out = new byte[frame.length + 1];
    out[0] = 'X';
    System.arraycopy(frame, 0, out, 1, frame.length);
    return out;
  }

  /**
   * Reads link user data.
   *
   * @throws DecodeException TRUNCATED for empty data, OVER_LIMIT for a frame declaring no size or
   *     more than 65536 bytes, and as {@link ChatJson#parse(byte[])} and {@link
   *     GroupProfile#fromJson}
   */
  public static GroupShortLinkData decode(byte[] data) {
    if (data.length == 0) {
      throw DecodeException.truncated("empty link user data");
    }
    byte[] json =
        data[0] == 'X'
            ? ChatCompression.decompressFrame(
                Arrays.copyOfRange(data, 1, data.length), ChatCompression.MAX_DECOMPRESSED)
            : data;
    JsonNode node = ChatJson.parse(json);
    if (!node.isObject()) {
      throw DecodeException.invalid("link user data must be a JSON object");
    }
    ObjectNode o = (ObjectNode) node;
    GroupProfile profile = GroupProfile.fromJson(Params.object(o, "groupProfile"));
    Optional<Long> count = Optional.empty();
    JsonValue pgExtra = Params.empty();
    JsonNode pg = Params.field(o, "publicGroupData");
    if (pg != null) {
      if (!pg.isObject()) {
        throw DecodeException.invalid("publicGroupData must be an object");
      }
      JsonNode n = pg.get("publicMemberCount");
      if (n == null) {
        throw DecodeException.missing("missing field 'publicMemberCount'");
      }
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw DecodeException.invalid("publicMemberCount must be an Int64");
      }
      count = Optional.of(n.longValue());
      pgExtra = Params.extra((ObjectNode) pg, Set.of("publicMemberCount"));
    }
    return new GroupShortLinkData(profile, count, pgExtra, Params.extra(o, KNOWN));
  }

  /** The JSON text, for logs of public groups only. */
  String json() {
    return new String(ChatJson.writeBytes(toJson(), false), StandardCharsets.UTF_8);
  }
}
