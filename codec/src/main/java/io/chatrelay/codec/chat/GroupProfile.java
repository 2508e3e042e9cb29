package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.Link;
import io.chatrelay.codec.link.Links;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * simplex-chat's {@code GroupProfile} (module {@code Simplex.Chat.Types}), as JSON.
 *
 * <p>Fields, in the order simplex-chat's encoder writes them: {@code displayName} (string), {@code
 * fullName} (string), {@code shortDescr}, {@code description}, {@code image} (a {@code data:} URI
 * string), {@code groupPreferences}, {@code memberAdmission} and, for public groups and channels,
 * {@code publicGroup} (with {@code groupLink}, {@code publicGroupId} and further fields). Optional
 * fields are omitted when absent, and a {@code null} reads as absent, as aeson's {@code
 * omitNothingFields} does. The last three are kept as JSON trees, and fields this version does not
 * know are kept in {@link #extra()} and written after the known ones, so that nothing is dropped.
 *
 * @param displayName the group name
 * @param fullName the full name, often empty
 * @param shortDescr a short description
 * @param description the description (welcome message)
 * @param image the image as a {@code data:} URI
 * @param groupPreferences the {@code GroupPreferences} object, unmodelled
 * @param memberAdmission the {@code GroupMemberAdmission} object, unmodelled
 * @param publicGroup the {@code PublicGroupProfile} object of a public group or channel
 * @param extra unknown fields, an object (possibly empty)
 */
public record GroupProfile(
    String displayName,
    String fullName,
    Optional<String> shortDescr,
    Optional<String> description,
    Optional<String> image,
    Optional<JsonValue> groupPreferences,
    Optional<JsonValue> memberAdmission,
    Optional<JsonValue> publicGroup,
    JsonValue extra) {

  static final Set<String> KNOWN =
      Set.of(
          "displayName",
          "fullName",
          "shortDescr",
          "description",
          "image",
          "groupPreferences",
          "memberAdmission",
          "publicGroup");

  /**
   * @throws NullPointerException for a null component
   * @throws IllegalArgumentException if {@code extra} is not an object or repeats a known field
   */
  public GroupProfile {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(fullName, "fullName");
    Objects.requireNonNull(shortDescr, "shortDescr");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(groupPreferences, "groupPreferences");
    Objects.requireNonNull(memberAdmission, "memberAdmission");
    Objects.requireNonNull(publicGroup, "publicGroup");
    Params.requireObject(extra, "extra");
    extra
        .node()
        .fieldNames()
        .forEachRemaining(
            k -> {
              if (KNOWN.contains(k)) {
                throw new IllegalArgumentException("extra repeats the known field " + k);
              }
            });
  }

  /** A profile with only the two required names. */
  public static GroupProfile of(String displayName, String fullName) {
    return new GroupProfile(
        displayName,
        fullName,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Params.empty());
  }

  /**
   * Reads a profile from its JSON object.
   *
   * @throws DecodeException MISSING_FIELD without {@code displayName} or {@code fullName},
   *     INVALID_VALUE for a field of the wrong JSON type
   */
  public static GroupProfile fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw DecodeException.invalid("group profile must be a JSON object");
    }
    ObjectNode o = (ObjectNode) node;
    return new GroupProfile(
        Params.string(o, "displayName"),
        Params.string(o, "fullName"),
        Params.optString(o, "shortDescr"),
        Params.optString(o, "description"),
        Params.optString(o, "image"),
        Params.optValue(o, "groupPreferences"),
        Params.optValue(o, "memberAdmission"),
        Params.optValue(o, "publicGroup"),
        Params.extra(o, KNOWN));
  }

  /** The JSON object, fields in simplex-chat's declaration order, then the unknown ones. */
  public ObjectNode toJson() {
    ObjectNode o = ChatJson.object();
    o.put("displayName", displayName);
    o.put("fullName", fullName);
    shortDescr.ifPresent(v -> o.put("shortDescr", v));
    description.ifPresent(v -> o.put("description", v));
    image.ifPresent(v -> o.put("image", v));
    groupPreferences.ifPresent(v -> o.set("groupPreferences", v.node()));
    memberAdmission.ifPresent(v -> o.set("memberAdmission", v.node()));
    publicGroup.ifPresent(v -> o.set("publicGroup", v.node()));
    Params.putExtra(o, extra);
    return o;
  }

  /**
   * The group link in {@code publicGroup.groupLink}, if there is one.
   *
   * @throws DecodeException if it is present but not a link
   */
  public Optional<Link> groupLink() {
    return publicGroupString("groupLink").map(Links::parse);
  }

  /**
   * The entity id in {@code publicGroup.publicGroupId} (base64url), if there is one.
   *
   * @throws DecodeException if it is present but not base64url
   */
  public Optional<byte[]> publicGroupId() {
    return publicGroupString("publicGroupId").map(s -> Base64Url.decode(s, "publicGroupId"));
  }

  private Optional<String> publicGroupString(String key) {
    if (publicGroup.isEmpty() || !publicGroup.get().isObject()) {
      return Optional.empty();
    }
    JsonNode n = publicGroup.get().node().get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw DecodeException.invalid("publicGroup." + key + " must be a string");
    }
    return Optional.of(n.textValue());
  }

  @Override
  public String toString() {
    return "GroupProfile[" + displayName + "]";
  }
}
