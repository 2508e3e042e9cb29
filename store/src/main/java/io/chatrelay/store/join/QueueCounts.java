package io.chatrelay.store.join;

/**
 * How many joins of a group are in each state.
 *
 * @param pending not yet admitted (includes joins held by the group's state)
 * @param admitted done
 * @param parked never to be admitted (their group was removed)
 */
public record QueueCounts(long pending, long admitted, long parked) {}
