package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.version.VersionRange;
import java.util.Objects;

/**
 * The mutable data of a one-time invitation (simplexmq {@code InvitationLinkData}): {@code 'I'}
 * range userData. It is signed by the root key only.
 *
 * @param agentVRange the creator's agent version range
 * @param userData application data
 */
public record InvitationLinkData(VersionRange agentVRange, UserLinkData userData)
    implements ConnLinkData {
  public InvitationLinkData {
    Objects.requireNonNull(agentVRange, "agentVRange");
    Objects.requireNonNull(userData, "userData");
  }

  @Override
  public ConnectionMode mode() {
    return ConnectionMode.INVITATION;
  }

  @Override
  public void encode(BinaryWriter w) {
    ConnectionMode.INVITATION.encode(w);
    agentVRange.encode(w);
    userData.encode(w);
  }
}
