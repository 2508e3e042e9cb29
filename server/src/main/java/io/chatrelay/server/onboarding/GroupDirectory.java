package io.chatrelay.server.onboarding;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.group.Group;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Finds the groups this relay serves by address or link key, with their link data verified once per
 * stored version (verification costs two signature checks; a busy group is looked up on every post
 * and join).
 *
 * <p>The cache holds one entry per group and is keyed by the stored row's version and state: after
 * any change to a group, the next lookup reads the store and re-verifies.
 */
public final class GroupDirectory {
  /** Other instances change groups too: a cached entry is re-read after this long at most. */
  static final long TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  private record Entry(ServedGroup group, long loadedAt) {}

  private final RelayStore store;
  private final Map<Bytes, Entry> byAddress = new ConcurrentHashMap<>();

  public GroupDirectory(RelayStore store) {
    this.store = store;
  }

  /** The group at {@code addressId}, or empty if there is none. */
  public Mono<ServedGroup> byAddress(byte[] addressId) {
    Entry cached = byAddress.get(Bytes.of(addressId));
    if (cached != null && System.nanoTime() - cached.loadedAt() < TTL_NANOS) {
      return Mono.just(cached.group());
    }
    return store.groups().findByAddressId(addressId).flatMap(this::load);
  }

  /** The group whose link key is {@code linkKey}, or empty. */
  public Mono<ServedGroup> byLinkKey(byte[] linkKey) {
    return store.groups().findByLinkKey(linkKey).flatMap(this::load);
  }

  /** Reads the group again after a change this process made. */
  public Mono<ServedGroup> refresh(byte[] groupId) {
    return store.groups().find(groupId).flatMap(this::load);
  }

  /** Forgets a group so the next lookup reads the store (a change made elsewhere). */
  public void invalidate(byte[] addressId) {
    byAddress.remove(Bytes.of(addressId));
  }

  private Mono<ServedGroup> load(Group group) {
    return store
        .groups()
        .address(group.groupId())
        .map(
            address -> {
              GroupLinkData data =
                  GroupLinkData.verify(group.linkKey(), group.fixedLinkData(), group.linkData());
              ServedGroup served = new ServedGroup(group, address, data);
              byAddress.put(Bytes.of(address.addressId()), new Entry(served, System.nanoTime()));
              return served;
            });
  }
}
