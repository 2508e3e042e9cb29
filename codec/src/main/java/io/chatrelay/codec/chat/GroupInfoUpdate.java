package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;

/**
 * {@code x.grp.info}: a new group profile. Params: {@code {"groupProfile": GroupProfile}}. In
 * groups with relays it must be signed (simplex-chat's {@code requiresSignature}).
 *
 * @param profile the new profile
 * @param extra unknown params fields
 */
public record GroupInfoUpdate(GroupProfile profile, JsonValue extra) implements ChatEvent {
  public static final String TAG = "x.grp.info";
  static final Set<String> KNOWN = Set.of("groupProfile");

  public GroupInfoUpdate {
    Objects.requireNonNull(profile, "profile");
    Params.requireObject(extra, "extra");
  }

  public GroupInfoUpdate(GroupProfile profile) {
    this(profile, Params.empty());
  }

  static GroupInfoUpdate fromParams(ObjectNode p) {
    return new GroupInfoUpdate(
        GroupProfile.fromJson(Params.object(p, "groupProfile")), Params.extra(p, KNOWN));
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode toParams() {
    ObjectNode o = ChatJson.object();
    o.set("groupProfile", profile.toJson());
    Params.putExtra(o, extra);
    return o;
  }
}
