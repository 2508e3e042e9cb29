package io.chatrelay.store.join;

/**
 * The joins of all groups that are not admitted.
 *
 * @param pending not yet admitted (includes joins held by their group's state)
 * @param parked never to be admitted (their group was removed)
 */
public record QueueDepth(long pending, long parked) {}
