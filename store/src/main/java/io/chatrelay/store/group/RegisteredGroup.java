package io.chatrelay.store.group;

/**
 * The answer to a registration: the stored group, its one relay address, and whether this call
 * created them (false when a previous or concurrent registration already had).
 */
public record RegisteredGroup(Group group, RelayAddress address, boolean created) {}
