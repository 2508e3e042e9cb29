package io.chatrelay.server.cluster;

import reactor.core.publisher.Flux;

/**
 * Events between relay instances that share one database, carried by an existing engine (PostgreSQL
 * LISTEN/NOTIFY or NATS core; see docs/adr/0004). Best effort by design: see {@link ClusterEvent}.
 */
public interface ClusterBus extends AutoCloseable {
  /** Tells the other instances; never blocks, never fails the caller. */
  void publish(ClusterEvent event);

  /** Events from the other instances (not this one's own). */
  Flux<ClusterEvent> events();

  @Override
  void close();

  /** A single instance: nobody to tell. */
  static ClusterBus none() {
    return new ClusterBus() {
      @Override
      public void publish(ClusterEvent event) {}

      @Override
      public Flux<ClusterEvent> events() {
        return Flux.never();
      }

      @Override
      public void close() {}
    };
  }
}
