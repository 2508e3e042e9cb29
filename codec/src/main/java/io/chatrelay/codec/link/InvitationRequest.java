package io.chatrelay.codec.link;

import java.util.Objects;

/**
 * A one-time invitation ({@code simplex:/invitation#/?…}): connection data and the proposed
 * double-ratchet parameters.
 *
 * @param data agent versions, queues, client data
 * @param e2e the X3DH keys (and optional KEM key) the inviting party proposes
 */
public record InvitationRequest(ConnReqData data, E2eRatchetParams e2e)
    implements ConnectionRequest {
  public InvitationRequest {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(e2e, "e2e");
  }

  @Override
  public LinkType type() {
    return LinkType.INVITATION;
  }

  @Override
  public String toString() {
    return "InvitationRequest[v=" + data.agentVersions() + ", queues=" + data.queues() + "]";
  }
}
