package io.chatrelay.store.join;

import io.chatrelay.store.Checks;
import java.time.Instant;

/**
 * Proof that a join request is durably queued: it is emitted only after the enqueuing transaction
 * committed.
 *
 * @param queueId the join's id in the queue
 * @param groupId the group it joins
 * @param enqueuedAt the database's time of the enqueue
 */
public record JoinReceipt(long queueId, byte[] groupId, Instant enqueuedAt) {
  public JoinReceipt {
    groupId = groupId.clone();
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public String toString() {
    return "JoinReceipt[" + queueId + " group " + Checks.shortHex(groupId) + "]";
  }
}
