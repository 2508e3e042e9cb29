package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * {@code x.grp.link.inv}: the host (a relay, in a channel) admits a member who joined through the
 * group link. Params: {@code {"groupLinkInvitation": GroupLinkInvitation}}; the invitation ({@code
 * fromMember}, {@code fromMemberName}, {@code invitedMember}, {@code groupProfile}, …) is kept as a
 * tree, with its {@code groupProfile} readable through {@link #groupProfile()}.
 *
 * @param invitation the {@code GroupLinkInvitation} object
 * @param extra unknown params fields
 */
public record GroupLinkInvite(JsonValue invitation, JsonValue extra) implements ChatEvent {
  public static final String TAG = "x.grp.link.inv";
  static final Set<String> KNOWN = Set.of("groupLinkInvitation");

  public GroupLinkInvite {
    Params.requireObject(invitation, "invitation");
    Params.requireObject(extra, "extra");
  }

  public GroupLinkInvite(JsonValue invitation) {
    this(invitation, Params.empty());
  }

  /**
   * The invitation's group profile.
   *
   * @throws io.chatrelay.codec.encoding.DecodeException if it is missing or malformed
   */
  public GroupProfile groupProfile() {
    return GroupProfile.fromJson(Params.object(invitation.object(), "groupProfile"));
  }

  static GroupLinkInvite fromParams(ObjectNode p) {
    return new GroupLinkInvite(
        JsonValue.of(Params.object(p, "groupLinkInvitation")), Params.extra(p, KNOWN));
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode toParams() {
    ObjectNode o = ChatJson.object();
    o.set("groupLinkInvitation", invitation.node());
    Params.putExtra(o, extra);
    return o;
  }

  @Override
  public String toString() {
    return "GroupLinkInvite[]";
  }
}
