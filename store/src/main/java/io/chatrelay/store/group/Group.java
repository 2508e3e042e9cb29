package io.chatrelay.store.group;

import io.chatrelay.store.Checks;
import java.time.Instant;

/**
 * A group as stored: identity, link data and counters. Byte arrays are copied in and out.
 *
 * @param groupId SHA-256 of the root public key, 32 bytes
 * @param linkKey SHA3-256 of the fixed link data, 32 bytes, unique among groups
 * @param type channel or group
 * @param fixedLinkData the immutable link data, as received
 * @param linkData the latest verified signed mutable link data
 * @param linkDataVersion its version; only ever grows
 * @param state the group's state at this relay
 * @param lastPostSeq the sequence number of the latest post, 0 before the first
 * @param lastLogSeq the sequence number of the latest service log entry, 0 before the first
 * @param createdAt when the group was registered
 * @param updatedAt when the row last changed
 */
public record Group(
    byte[] groupId,
    byte[] linkKey,
    GroupType type,
    byte[] fixedLinkData,
    byte[] linkData,
    long linkDataVersion,
    GroupState state,
    long lastPostSeq,
    long lastLogSeq,
    Instant createdAt,
    Instant updatedAt) {

  public Group {
    groupId = groupId.clone();
    linkKey = linkKey.clone();
    fixedLinkData = fixedLinkData.clone();
    linkData = linkData.clone();
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
    return "Group["
        + Checks.shortHex(groupId)
        + " "
        + type
        + " "
        + state
        + " v"
        + linkDataVersion
        + " posts="
        + lastPostSeq
        + " log="
        + lastLogSeq
        + "]";
  }
}
