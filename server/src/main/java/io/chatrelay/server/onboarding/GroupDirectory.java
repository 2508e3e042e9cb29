package io.chatrelay.server.onboarding;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.group.Group;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Finds the groups this relay serves by address or link key, with their link data verified once per
 * stored version (verification costs two signature checks; a busy group is looked up on every post
 * and join).
 *
 * <p>The cache holds one entry per group, read again from the store after any change this process
 * makes and at least every {@link #TTL_NANOS}; link data is verified again only when its bytes
 * changed.
 */
public final class GroupDirectory {
  /** Other instances change groups too: a cached entry is re-read after this long at most. */
  static final long TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  private record Entry(ServedGroup group, long loadedAt) {}

  private final RelayStore store;
  private final Map<Bytes, Entry> byAddress = new ConcurrentHashMap<>();

  /**
   * The read in flight for an address whose entry is missing or stale: every request that arrives
   * meanwhile waits for that one read instead of reading and verifying again (under a join storm,
   * thousands of requests of one group arrive while its entry is being refreshed).
   */
  private final Map<Bytes, Mono<ServedGroup>> reading = new ConcurrentHashMap<>();

  public GroupDirectory(RelayStore store) {
    this.store = store;
  }

  /** The group at {@code addressId}, or empty if there is none. */
  public Mono<ServedGroup> byAddress(byte[] addressId) {
    Bytes key = Bytes.of(addressId);
    Entry cached = byAddress.get(key);
    if (cached != null && System.nanoTime() - cached.loadedAt() < TTL_NANOS) {
      return Mono.just(cached.group());
    }
    return reading.computeIfAbsent(
        key,
        k ->
            store
                .groups()
                .findByAddressId(addressId)
                .flatMap(this::load)
                .doFinally(s -> reading.remove(k))
                .cache());
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

  /** The same signed bytes were verified before: verifying them again gives the same answer. */
  private static boolean sameLinkData(Group a, Group b) {
    return Arrays.equals(a.linkKey(), b.linkKey())
        && Arrays.equals(a.fixedLinkData(), b.fixedLinkData())
        && Arrays.equals(a.linkData(), b.linkData());
  }

  private Mono<ServedGroup> load(Group group) {
    return store
        .groups()
        .address(group.groupId())
        .map(
            address -> {
              Entry previous = byAddress.get(Bytes.of(address.addressId()));
              GroupLinkData data =
                  previous != null && sameLinkData(previous.group().group(), group)
                      ? previous.group().linkData()
                      : GroupLinkData.verify(
                          group.linkKey(), group.fixedLinkData(), group.linkData());
              ServedGroup served = new ServedGroup(group, address, data);
              // Reads may finish out of order (a refresh after a change, a lookup begun before
              // it): an entry is never replaced by an older row.
              return byAddress
                  .compute(
                      Bytes.of(address.addressId()),
                      (k, old) ->
                          old != null && old.group().group().updatedAt().isAfter(group.updatedAt())
                              ? old
                              : new Entry(served, System.nanoTime()))
                  .group();
            });
  }
}
