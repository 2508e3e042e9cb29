package io.chatrelay.server.cluster;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.store.RelayStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The cluster bus over PostgreSQL {@code LISTEN}/{@code NOTIFY} on the shared database: no other
 * service to run. Each event is one notification (base64 of its binary form, well under the 8000
 * byte limit) batched into as few notifications as possible; the listening connection reconnects by
 * itself after a database restart.
 */
public final class PostgresBus implements ClusterBus {
  private static final Logger log = LoggerFactory.getLogger(PostgresBus.class);
  static final String CHANNEL = "relay_cluster";

  private final RelayStore store;
  private final Bytes instance;
  private final Sinks.Many<ClusterEvent> events = Sinks.many().multicast().directBestEffort();
  private final Disposable listener;
  private final Sinks.Many<String> outgoing =
      Sinks.many()
          .unicast()
          .onBackpressureBuffer(
              reactor.util.concurrent.Queues.<String>unboundedMultiproducer().get());
  private final Disposable sender;

  public PostgresBus(RelayStore store, Bytes instance) {
    this.store = store;
    this.instance = instance;
    this.sender = sender();
    CountDownLatch listening = new CountDownLatch(1);
    this.listener =
        store
            .notifications()
            .listen(CHANNEL, listening::countDown)
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                    .maxBackoff(Duration.ofSeconds(5))
                    .doBeforeRetry(
                        s -> log.warn("cluster bus reconnecting: {}", s.failure().toString())))
            .subscribe(this::received);
    try {
      // Start listening before serving, so no event published after start is missed.
      listening.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void received(String payload) {
    for (String one : payload.split(",")) {
      try {
        ClusterEvent.Received r = ClusterEvent.decode(Base64.getDecoder().decode(one));
        if (!r.instance().equals(instance)) {
          events.tryEmitNext(r.event());
        }
      } catch (RuntimeException e) {
        log.warn("cluster bus: undecodable notification ignored: {}", e.toString());
      }
    }
  }

  @Override
  public void publish(ClusterEvent event) {
    String encoded = Base64.getEncoder().encodeToString(ClusterEvent.encode(instance, event));
    Sinks.EmitResult r;
    do {
      r = outgoing.tryEmitNext(encoded);
    } while (r == Sinks.EmitResult.FAIL_NON_SERIALIZED);
  }

  /**
   * Each NOTIFY is a transaction: events are batched (up to 5 ms or ~7,900 bytes) into one
   * notification, comma-separated, so a busy instance sends tens of notifications a second, not
   * thousands.
   */
  private Disposable sender() {
    return outgoing
        .asFlux()
        .bufferTimeout(100, Duration.ofMillis(5), true)
        .concatMap(this::split)
        .concatMap(
            payload ->
                store
                    .notifications()
                    .notify(CHANNEL, payload)
                    .onErrorResume(
                        e -> {
                          log.warn("cluster bus: publish failed: {}", e.toString());
                          return reactor.core.publisher.Mono.empty();
                        }),
            4)
        .subscribe();
  }

  /** Joins encoded events into payloads under PostgreSQL's 8000-byte limit. */
  private Flux<String> split(java.util.List<String> events) {
    java.util.List<String> payloads = new java.util.ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (String e : events) {
      if (sb.length() > 0 && sb.length() + 1 + e.length() > 7900) {
        payloads.add(sb.toString());
        sb.setLength(0);
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(e);
    }
    if (sb.length() > 0) {
      payloads.add(sb.toString());
    }
    return Flux.fromIterable(payloads);
  }

  @Override
  public Flux<ClusterEvent> events() {
    return events.asFlux();
  }

  @Override
  public void close() {
    outgoing.tryEmitComplete();
    sender.dispose();
    listener.dispose();
    events.tryEmitComplete();
  }
}
