package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.DecodeException;

/**
 * simplex-chat's {@code GroupMemberRole} as JSON strings: {@code observer}, {@code author}, {@code
 * member}, {@code moderator}, {@code admin}, {@code owner}, and {@code relay} for chat relays.
 *
 * @param text the JSON string; a value this version does not know is kept as it is
 */
public record MemberRole(String text) {
  public static final MemberRole OBSERVER = new MemberRole("observer");
  public static final MemberRole AUTHOR = new MemberRole("author");
  public static final MemberRole MEMBER = new MemberRole("member");
  public static final MemberRole MODERATOR = new MemberRole("moderator");
  public static final MemberRole ADMIN = new MemberRole("admin");
  public static final MemberRole OWNER = new MemberRole("owner");
  public static final MemberRole RELAY = new MemberRole("relay");

  /**
   * @throws DecodeException INVALID_VALUE for an empty role or one over 64 characters
   */
  public MemberRole {
    if (text == null || text.isEmpty() || text.length() > 64) {
      throw DecodeException.invalid("invalid member role");
    }
  }

  /** True for the roles listed above. */
  public boolean known() {
    return switch (text) {
      case "observer", "author", "member", "moderator", "admin", "owner", "relay" -> true;
      default -> false;
    };
  }
}
