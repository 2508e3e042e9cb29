package io.chatrelay.store.member;

import io.chatrelay.store.Checks;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An admitted member of a group: one per group and member key.
 *
 * @param memberId the relay's id for the member
 * @param groupId the group, 32 bytes
 * @param memberKey the member's per-group public key, 32 bytes
 * @param profile the profile sent with the join that admitted it
 * @param admittedAt when it was admitted
 * @param admittedBy the queue id of the join that created the member, if known
 */
public record Member(
    long memberId,
    byte[] groupId,
    byte[] memberKey,
    Optional<byte[]> profile,
    Instant admittedAt,
    OptionalLong admittedBy) {

  public Member {
    groupId = groupId.clone();
    memberKey = memberKey.clone();
    profile = profile.map(byte[]::clone);
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public byte[] memberKey() {
    return memberKey.clone();
  }

  @Override
  public Optional<byte[]> profile() {
    return profile.map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "Member[" + memberId + " group " + Checks.shortHex(groupId) + "]";
  }
}
