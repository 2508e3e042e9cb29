package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.Link;
import java.util.Objects;
import java.util.Set;

/**
 * simplex-chat's {@code GroupRelayInvitation}, what an owner sends a relay in {@code
 * x.grp.relay.inv}: JSON {@code {"fromMember": MemberIdRole, "fromMemberProfile": Profile,
 * "relayMemberId": base64url, "groupLink": short link}}.
 *
 * @param fromMember the inviting owner's member id and role
 * @param fromMemberProfile the owner's profile ({@code Profile}, kept as a tree)
 * @param relayMemberId the member id the relay is to have in the group
 * @param groupLink the group's (channel's) short link, from which the relay reads the link data
 * @param extra unknown fields
 */
public record GroupRelayInvitation(
    MemberIdRole fromMember,
    JsonValue fromMemberProfile,
    Bytes relayMemberId,
    Link groupLink,
    JsonValue extra) {
  static final Set<String> KNOWN =
      Set.of("fromMember", "fromMemberProfile", "relayMemberId", "groupLink");

  public GroupRelayInvitation {
    Objects.requireNonNull(fromMember, "fromMember");
    Params.requireObject(fromMemberProfile, "fromMemberProfile");
    Objects.requireNonNull(relayMemberId, "relayMemberId");
    relayMemberId.requireLength(1, 255, "relayMemberId");
    Objects.requireNonNull(groupLink, "groupLink");
    Params.requireObject(extra, "extra");
  }

  public GroupRelayInvitation(
      MemberIdRole fromMember, JsonValue fromMemberProfile, Bytes relayMemberId, Link groupLink) {
    this(fromMember, fromMemberProfile, relayMemberId, groupLink, Params.empty());
  }

  static GroupRelayInvitation fromJson(JsonNode node) {
    if (!node.isObject()) {
      throw DecodeException.invalid("groupRelayInvitation must be an object");
    }
    ObjectNode o = (ObjectNode) node;
    return new GroupRelayInvitation(
        MemberIdRole.fromJson(Params.object(o, "fromMember")),
        JsonValue.of(Params.object(o, "fromMemberProfile")),
        Params.bytes(o, "relayMemberId"),
        Params.link(o, "groupLink"),
        Params.extra(o, KNOWN));
  }

  ObjectNode toJson() {
    ObjectNode o = ChatJson.object();
    o.set("fromMember", fromMember.toJson());
    o.set("fromMemberProfile", fromMemberProfile.node());
    o.put("relayMemberId", Params.b64(relayMemberId));
    o.put("groupLink", groupLink.print());
    Params.putExtra(o, extra);
    return o;
  }

  @Override
  public String toString() {
    return "GroupRelayInvitation[" + fromMember.role().text() + "]";
  }
}
