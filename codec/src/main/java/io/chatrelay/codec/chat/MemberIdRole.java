package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.encoding.Bytes;
import java.util.Objects;

/**
 * simplex-chat's {@code MemberIdRole}: JSON {@code {"memberId": base64url, "memberRole": role}}.
 *
 * @param memberId the member id, 1..255 bytes (base64url, padded, in JSON)
 * @param role the member's role
 */
public record MemberIdRole(Bytes memberId, MemberRole role) {
  public MemberIdRole {
    Objects.requireNonNull(memberId, "memberId");
    Objects.requireNonNull(role, "role");
    memberId.requireLength(1, 255, "memberId");
  }

  static MemberIdRole fromJson(ObjectNode o) {
    return new MemberIdRole(
        Params.bytes(o, "memberId"), new MemberRole(Params.string(o, "memberRole")));
  }

  ObjectNode toJson() {
    ObjectNode o = ChatJson.object();
    o.put("memberId", Params.b64(memberId));
    o.put("memberRole", role.text());
    return o;
  }
}
