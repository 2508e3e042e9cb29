package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.version.VersionRange;
import java.util.Objects;

/**
 * The mutable data of a contact address (simplexmq {@code ContactLinkData}): {@code 'C'} range
 * {@link UserContactData}. It is signed by the root key or by one of its owners.
 *
 * @param agentVRange the creator's agent version range
 * @param contactData the contact data
 */
public record ContactLinkData(VersionRange agentVRange, UserContactData contactData)
    implements ConnLinkData {
  public ContactLinkData {
    Objects.requireNonNull(agentVRange, "agentVRange");
    Objects.requireNonNull(contactData, "contactData");
  }

  @Override
  public ConnectionMode mode() {
    return ConnectionMode.CONTACT;
  }

  @Override
  public UserLinkData userData() {
    return contactData.userData();
  }

  @Override
  public void encode(BinaryWriter w) {
    ConnectionMode.CONTACT.encode(w);
    agentVRange.encode(w);
    contactData.encode(w);
  }
}
