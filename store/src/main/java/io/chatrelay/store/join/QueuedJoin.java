package io.chatrelay.store.join;

import io.chatrelay.store.Checks;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A join as the queue holds it, whatever its state (for status queries and operators).
 *
 * @param queueId the join's id
 * @param groupId the group
 * @param state pending, admitted or parked
 * @param parkReason why it was parked
 * @param memberId the admitted member
 * @param enqueuedAt when it was enqueued
 */
public record QueuedJoin(
    long queueId,
    byte[] groupId,
    JoinState state,
    Optional<String> parkReason,
    OptionalLong memberId,
    Instant enqueuedAt) {

  public QueuedJoin {
    groupId = groupId.clone();
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public String toString() {
    return "QueuedJoin[" + queueId + " group " + Checks.shortHex(groupId) + " " + state + "]";
  }
}
