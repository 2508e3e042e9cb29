package io.chatrelay.store.join;

import java.time.Instant;
import java.util.Optional;

/**
 * What a recorded failure did to a join.
 *
 * @param queueId the join
 * @param attempts attempts so far
 * @param parked true when the join is given up (parked with its reason)
 * @param nextAttemptAt when it becomes claimable again; empty when parked
 */
public record FailureOutcome(
    long queueId, int attempts, boolean parked, Optional<Instant> nextAttemptAt) {}
