package io.chatrelay.store.join;

/**
 * How many joins of a group are in each state.
 *
 * @param pending not yet done (includes joins held by the group's state or a lease)
 * @param admitted done
 * @param parked given up
 */
public record QueueCounts(long pending, long admitted, long parked) {}
