package io.chatrelay.codec.group;

import io.chatrelay.codec.encoding.BinaryWriter;

/**
 * Domain separation for every signature in the protocol.
 *
 * <p>Each signed message starts with a context string naming what is signed and its format version,
 * so a signature made for one purpose (an owner authorisation, link data, a post, a command) can
 * never be presented as another. Every context is followed by the group id or link key, so nothing
 * signed for one group verifies for another.
 */
public final class Signing {
  public static final String OWNER_AUTH = "chat-relay/owner-auth/1";
  public static final String LINK_DATA = "chat-relay/link-data/1";
  public static final String POST = "chat-relay/post/1";
  public static final String MEMBER_CERTIFICATE = "chat-relay/member-certificate/1";
  public static final String OWNER_COMMAND = "chat-relay/owner-command/1";
  public static final String INVITATION_PROOF = "chat-relay/invitation-proof/1";
  public static final String JOIN_PROOF = "chat-relay/join-proof/1";
  public static final String SUBSCRIBE_PROOF = "chat-relay/subscribe-proof/1";
  public static final String RELAY_HELLO = "chat-relay/relay-hello/1";

  private Signing() {}

  /** A writer that already holds {@code context}; append the signed fields and sign the bytes. */
  public static BinaryWriter start(String context) {
    return new BinaryWriter(128).writeShortString(context);
  }
}
