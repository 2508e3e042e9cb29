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
 * @param attempts claims so far
 * @param nextAttemptAt earliest time of the next claim (pending joins)
 * @param leaseOwner the worker holding the current claim, if any
 * @param leaseExpiresAt when that claim may be taken over
 * @param lastError the latest failure reason
 * @param parkReason why it was parked
 * @param memberId the admitted member
 * @param enqueuedAt when it was enqueued
 */
public record QueuedJoin(
    long queueId,
    byte[] groupId,
    JoinState state,
    int attempts,
    Instant nextAttemptAt,
    Optional<String> leaseOwner,
    Optional<Instant> leaseExpiresAt,
    Optional<String> lastError,
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
