package io.chatrelay.server.cluster;

import io.chatrelay.codec.encoding.Bytes;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The cluster bus over NATS core: one subject per relay identity, fire and forget. NATS keeps
 * per-publisher order and reconnects by itself; what it drops while an instance is away is
 * recovered from the store like any missed event.
 */
public final class NatsBus implements ClusterBus {
  private static final Logger log = LoggerFactory.getLogger(NatsBus.class);

  private final Bytes instance;
  private final String subject;
  private final Connection nats;
  private final Dispatcher dispatcher;
  private final Sinks.Many<ClusterEvent> events = Sinks.many().multicast().directBestEffort();

  /**
   * @param subject the subject of this relay (instances of one relay share it; e.g. {@code
   *     chat-relay.<key hash>})
   */
  public NatsBus(String url, String subject, Bytes instance) {
    this.instance = instance;
    this.subject = subject;
    try {
      this.nats =
          Nats.connect(
              new Options.Builder()
                  .server(url)
                  .connectionName("chat-relay " + instance.toBase64Url())
                  .maxReconnects(-1)
                  .reconnectWait(Duration.ofMillis(500))
                  .build());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot connect to NATS at " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted connecting to NATS", e);
    }
    this.dispatcher = nats.createDispatcher(msg -> received(msg.getData()));
    dispatcher.subscribe(subject);
    try {
      nats.flush(Duration.ofSeconds(10)); // the subscription is registered before we serve
    } catch (Exception e) {
      log.warn("cluster bus: NATS flush failed: {}", e.toString());
    }
  }

  private void received(byte[] data) {
    try {
      ClusterEvent.Received r = ClusterEvent.decode(data);
      if (!r.instance().equals(instance)) {
        events.tryEmitNext(r.event());
      }
    } catch (RuntimeException e) {
      log.warn("cluster bus: undecodable NATS message ignored: {}", e.toString());
    }
  }

  @Override
  public void publish(ClusterEvent event) {
    try {
      nats.publish(subject, ClusterEvent.encode(instance, event));
    } catch (IllegalStateException e) {
      log.warn("cluster bus: NATS publish failed: {}", e.toString());
    }
  }

  @Override
  public Flux<ClusterEvent> events() {
    return events.asFlux();
  }

  @Override
  public void close() {
    try {
      nats.closeDispatcher(dispatcher);
      nats.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.tryEmitComplete();
  }
}
