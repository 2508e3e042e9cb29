package io.chatrelay.store.group;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;

/**
 * What an owner's invitation registers: the group's identity and its first verified link data. The
 * server verifies hashes and signatures before building one; the constructor checks shapes.
 *
 * @param groupId 32 bytes
 * @param linkKey 32 bytes
 * @param type channel or group
 * @param fixedLinkData 1..65535 bytes
 * @param linkData 1..1 MiB of signed mutable link data
 * @param linkDataVersion its version, at least 0
 * @throws StoreException of kind {@code INVALID_ARGUMENT} when a field has the wrong shape
 */
public record GroupRegistration(
    byte[] groupId,
    byte[] linkKey,
    GroupType type,
    byte[] fixedLinkData,
    byte[] linkData,
    long linkDataVersion) {

  public GroupRegistration {
    groupId = Checks.exactly(groupId, 32, "group id");
    linkKey = Checks.exactly(linkKey, 32, "link key");
    Checks.required(type, "group type");
    fixedLinkData = Checks.between(fixedLinkData, 1, 65535, "fixed link data");
    linkData = Checks.between(linkData, 1, 1 << 20, "link data");
    Checks.atLeast(linkDataVersion, 0, "link data version");
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public byte[] linkKey() {
    return linkKey.clone();
  }

  @Override
  public byte[] fixedLinkData() {
    return fixedLinkData.clone();
  }

  @Override
  public byte[] linkData() {
    return linkData.clone();
  }

  @Override
  public String toString() {
    return "GroupRegistration["
        + Checks.shortHex(groupId)
        + " "
        + type
        + " v"
        + linkDataVersion
        + "]";
  }
}
