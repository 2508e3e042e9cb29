package io.chatrelay.store.join;

import io.chatrelay.store.Checks;

/**
 * An admitted join: the member it admitted.
 *
 * @param queueId the join
 * @param groupId the group
 * @param memberKey the member's key
 * @param memberId the member (the existing one when the key was already admitted)
 * @param newMember whether this admission created the member; false when the member key had been
 *     admitted before (by another join with the same key)
 * @param enqueuedAt when the join was queued (the database's clock)
 * @param logSeq the sequence number of the group's {@code MEMBERS_ADMITTED} service-log entry that
 *     records this member, written in the admitting transaction; 0 when the member is not new
 */
public record Admission(
    long queueId,
    byte[] groupId,
    byte[] memberKey,
    long memberId,
    boolean newMember,
    java.time.Instant enqueuedAt,
    long logSeq) {
  public Admission {
    groupId = groupId.clone();
    memberKey = memberKey.clone();
  }

  /** This admission, recorded by the log entry {@code seq}. */
  public Admission withLogSeq(long seq) {
    return new Admission(queueId, groupId, memberKey, memberId, newMember, enqueuedAt, seq);
  }

  @Override
  public byte[] memberKey() {
    return memberKey.clone();
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public String toString() {
    return "Admission["
        + queueId
        + " group "
        + Checks.shortHex(groupId)
        + " member "
        + memberId
        + (newMember ? " new" : " existing")
        + "]";
  }
}
