package io.chatrelay.server.onboarding;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.store.group.Group;
import io.chatrelay.store.group.GroupState;
import io.chatrelay.store.group.RelayAddress;

/** A group this relay holds, with its address and its link data as verified when it was stored. */
public record ServedGroup(Group group, RelayAddress address, GroupLinkData linkData) {

  public byte[] groupId() {
    return group.groupId();
  }

  /** The group's id as a map key: its lane for signature checks. */
  public Bytes groupKey() {
    return Bytes.of(group.groupId());
  }

  public byte[] addressId() {
    return address.addressId();
  }

  public GroupState state() {
    return group.state();
  }

  /** Active or suspended: the relay serves its link data, subscriptions and posts. */
  public boolean serving() {
    return group.state() == GroupState.ACTIVE || group.state() == GroupState.SUSPENDED;
  }
}
