package io.chatrelay.server.onboarding;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.server.stream.CatchUp;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.log.NewServiceLogEntry;
import io.chatrelay.store.log.ServiceLogEntry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Appends to the relay service logs and lets owners follow them live.
 *
 * <p>Appends go to the store first; an entry is published to followers only after it is committed,
 * in sequence order per group. Followers read stored entries, then live ones, through {@link
 * CatchUp}, so they see every entry once.
 */
public final class ServiceLogHub {
  private static final int PAGE = 256;
  private static final int LIVE_BUFFER = 1024;

  private final RelayStore store;
  private final io.chatrelay.server.cluster.ClusterBus bus;
  private final Map<Bytes, Sinks.Many<ServiceLogEntry>> live = new ConcurrentHashMap<>();

  /** The last entry published here, per group. */
  private final Map<Bytes, Long> published = new ConcurrentHashMap<>();

  public ServiceLogHub(RelayStore store, io.chatrelay.server.cluster.ClusterBus bus) {
    this.store = store;
    this.bus = bus;
  }

  /**
   * The store appended entry {@code seq} itself (member admissions, in the admitting transaction):
   * other instances are told, and followers here get the entries after the last one published, read
   * from the store. With nobody following the group here, nothing is read.
   */
  public void appendedByStore(byte[] groupId, long seq) {
    Bytes key = Bytes.of(groupId);
    bus.publish(new io.chatrelay.server.cluster.ClusterEvent.LogAppended(key, seq));
    if (!live.containsKey(key)) {
      published.merge(key, seq, Math::max);
      return;
    }
    long from = published.getOrDefault(key, 0L) + 1;
    store
        .serviceLog()
        .read(groupId, from, 1000)
        .subscribe(e -> publishLocally(groupId, e), err -> {});
  }

  /** Another instance appended entry {@code seq}: followers here read it from the store. */
  public void appendedElsewhere(byte[] groupId, long seq) {
    if (live.containsKey(Bytes.of(groupId))) {
      store
          .serviceLog()
          .read(groupId, seq, 1)
          .filter(e -> e.seq() == seq)
          .subscribe(e -> publishLocally(groupId, e), err -> {});
    }
  }

  public Mono<ServiceLogEntry> append(byte[] groupId, NewServiceLogEntry entry) {
    return store.serviceLog().append(groupId, entry).doOnNext(stored -> publish(groupId, stored));
  }

  /**
   * Appends an owner command once: empty if an entry with {@code commandId} is already in the
   * group's log (a replay).
   */
  public Mono<ServiceLogEntry> appendCommand(
      byte[] groupId, byte[] commandId, NewServiceLogEntry entry) {
    return store
        .serviceLog()
        .appendCommand(groupId, commandId, entry)
        .doOnNext(stored -> publish(groupId, stored));
  }

  private void publish(byte[] groupId, ServiceLogEntry stored) {
    bus.publish(
        new io.chatrelay.server.cluster.ClusterEvent.LogAppended(Bytes.of(groupId), stored.seq()));
    publishLocally(groupId, stored);
  }

  private void publishLocally(byte[] groupId, ServiceLogEntry stored) {
    published.merge(Bytes.of(groupId), stored.seq(), Math::max);
    Sinks.Many<ServiceLogEntry> sink = live.get(Bytes.of(groupId));
    if (sink != null) {
      // Followers buffer live entries in CatchUp; one that overflows fails and resumes from
      // the store, which has every entry.
      sink.tryEmitNext(stored);
    }
  }

  /** Entries of a group from {@code fromSeq}; with {@code follow}, then live ones. */
  public Flux<ServiceLogEntry> read(byte[] groupId, long fromSeq, boolean follow) {
    if (!follow) {
      return pages(groupId, fromSeq);
    }
    Sinks.Many<ServiceLogEntry> sink =
        live.computeIfAbsent(Bytes.of(groupId), k -> Sinks.many().multicast().directBestEffort());
    return CatchUp.stream(
        from -> store.serviceLog().read(groupId, from, PAGE),
        PAGE,
        sink.asFlux(),
        ServiceLogEntry::seq,
        fromSeq,
        LIVE_BUFFER);
  }

  private Flux<ServiceLogEntry> pages(byte[] groupId, long fromSeq) {
    return CatchUp.stream(
        from -> store.serviceLog().read(groupId, from, PAGE),
        PAGE,
        Flux.empty(),
        ServiceLogEntry::seq,
        fromSeq,
        1);
  }
}
