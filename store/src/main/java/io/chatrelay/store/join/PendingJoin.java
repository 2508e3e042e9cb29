package io.chatrelay.store.join;

import io.chatrelay.store.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A join claimed by a worker: the request plus the claim that holds it. {@code (queueId,
 * leaseOwner, attempt)} names this one claim; completing or failing it applies only while no other
 * claim has taken the join since.
 *
 * @param queueId the join's id in the queue
 * @param groupId the group, 32 bytes
 * @param memberKey the member key, 32 bytes
 * @param profile the optional member profile
 * @param attempt which attempt this claim is, from 1
 * @param leaseOwner the worker holding the claim
 * @param leaseExpiresAt when other workers may reclaim the join if it is not done
 * @param enqueuedAt when the join was enqueued
 */
public record PendingJoin(
    long queueId,
    byte[] groupId,
    byte[] memberKey,
    Optional<byte[]> profile,
    int attempt,
    String leaseOwner,
    Instant leaseExpiresAt,
    Instant enqueuedAt) {

  public PendingJoin {
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
    return "PendingJoin["
        + queueId
        + " group "
        + Checks.shortHex(groupId)
        + " attempt "
        + attempt
        + " by "
        + leaseOwner
        + " until "
        + leaseExpiresAt
        + "]";
  }
}
