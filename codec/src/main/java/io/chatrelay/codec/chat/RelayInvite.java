package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;

/**
 * {@code x.grp.relay.inv}: an owner invites a relay to serve a group or channel, sent in the
 * contact request to the relay's address. Params: {@code {"groupRelayInvitation": …}}.
 *
 * @param invitation the invitation
 * @param extra unknown params fields
 */
public record RelayInvite(GroupRelayInvitation invitation, JsonValue extra) implements ChatEvent {
  public static final String TAG = "x.grp.relay.inv";
  static final Set<String> KNOWN = Set.of("groupRelayInvitation");

  public RelayInvite {
    Objects.requireNonNull(invitation, "invitation");
    Params.requireObject(extra, "extra");
  }

  public RelayInvite(GroupRelayInvitation invitation) {
    this(invitation, Params.empty());
  }

  static RelayInvite fromParams(ObjectNode p) {
    return new RelayInvite(
        GroupRelayInvitation.fromJson(Params.object(p, "groupRelayInvitation")),
        Params.extra(p, KNOWN));
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode toParams() {
    ObjectNode o = ChatJson.object();
    o.set("groupRelayInvitation", invitation.toJson());
    Params.putExtra(o, extra);
    return o;
  }
}
