package io.chatrelay.codec.link;

import java.util.Objects;

/**
 * A contact address ({@code simplex:/contact#/?…}); its e2e parameters travel in the invitation
 * message, not in the address.
 *
 * @param data agent versions, queues, client data
 */
public record ContactRequest(ConnReqData data) implements ConnectionRequest {
  public ContactRequest {
    Objects.requireNonNull(data, "data");
  }

  @Override
  public LinkType type() {
    return LinkType.CONTACT;
  }

  @Override
  public String toString() {
    return "ContactRequest[v=" + data.agentVersions() + ", queues=" + data.queues() + "]";
  }
}
