package io.chatrelay.server;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.ShortLinkScheme;
import io.chatrelay.server.cluster.ClusterBus;
import io.chatrelay.server.cluster.ClusterEvent;
import io.chatrelay.server.cluster.NatsBus;
import io.chatrelay.server.cluster.PostgresBus;
import io.chatrelay.server.config.RelayConfig;
import io.chatrelay.server.config.TlsMode;
import io.chatrelay.server.http.InfoDocument;
import io.chatrelay.server.identity.RelayKeys;
import io.chatrelay.server.limits.CheckLanes;
import io.chatrelay.server.metrics.RelayMetrics;
import io.chatrelay.server.onboarding.GroupDirectory;
import io.chatrelay.server.onboarding.OnboardingService;
import io.chatrelay.server.onboarding.ServiceLogHub;
import io.chatrelay.server.transport.ProtocolHandler;
import io.chatrelay.server.transport.WebSocketEndpoint;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.StoreConfig;
import io.chatrelay.store.identity.RelayIdentity;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * A running relay: store, identity, and one port serving HTTP ({@code /info}, {@code /health},
 * {@code /metrics}) and the protocol over WebSocket ({@code /ws}).
 *
 * <p>{@link #start} opens the store (the embedded PostgreSQL when no URL is configured), loads or
 * creates the identity, and binds. {@link #close} shuts down gracefully: it stops accepting
 * connections, stores and answers the joins and posts already taken (new ones are answered {@code
 * BUSY}), closes the open connections, and closes the store, all within the shutdown grace.
 * Idempotent.
 */
public final class RelayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayServer.class);
  public static final String VERSION = "0.1.0";

  private final RelayConfig config;
  private final RelayStore store;
  private final RelayKeys keys;
  private final RelayMetrics metrics;
  private final WebSocketEndpoint endpoint;
  private final GroupPipelines groups;
  private ClusterBus bus = ClusterBus.none();
  private final DisposableServer http;
  private final DisposableServer admin;
  private final CheckLanes crypto;
  private final String address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RelayServer(
      RelayConfig config,
      RelayStore store,
      RelayKeys keys,
      RelayMetrics metrics,
      WebSocketEndpoint endpoint,
      GroupPipelines groups,
      DisposableServer http,
      DisposableServer admin,
      CheckLanes crypto,
      String address) {
    this.config = config;
    this.store = store;
    this.keys = keys;
    this.metrics = metrics;
    this.endpoint = endpoint;
    this.groups = groups;
    this.http = http;
    this.admin = admin;
    this.crypto = crypto;
    this.address = address;
  }

  /** Starts a relay; blocks until it is listening (call from a main thread, not an event loop). */
  public static RelayServer start(RelayConfig config) {
    return start(config, StoreConfig.of(config.dbUrl().orElse(null), config.dataDir()));
  }

  /** Starts a relay on the store {@code storeConfig} names (tests use their own database). */
  public static RelayServer start(RelayConfig config, StoreConfig storeConfig) {
    RelayStore store = RelayStore.open(storeConfig).block(Duration.ofMinutes(2));
    try {
      return start(config, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static RelayServer start(RelayConfig config, RelayStore store) {
    RelayKeys keys = loadOrCreateIdentity(store);
    RelayMetrics metrics = new RelayMetrics();
    CheckLanes crypto = new CheckLanes("relay-crypto", Runtime.getRuntime().availableProcessors());
    metrics.signatureChecks(
        crypto::signaturesCheckedInBatches,
        crypto::batchesHeld,
        crypto::signaturesCheckedAlone,
        crypto::failedBatches);
    ClusterBus bus = bus(config, store, keys);
    GroupDirectory directory = new GroupDirectory(store);
    ServiceLogHub logHub = new ServiceLogHub(store, bus);
    OnboardingService onboarding =
        new OnboardingService(
            store, keys, config, metrics, directory, logHub, crypto, Clock.systemUTC(), bus);
    GroupPipelines groups = GroupPipelines.create(config, store, metrics, directory, crypto, bus);
    bus.events()
        .subscribe(
            e -> {
              if (e instanceof ClusterEvent.GroupChanged c) {
                directory.invalidate(c.addressId().toByteArray());
              } else if (e instanceof ClusterEvent.LogAppended l) {
                logHub.appendedElsewhere(l.groupId().toByteArray(), l.seq());
              } else {
                groups.onClusterEvent(e);
              }
            });
    ProtocolHandler handler = new ProtocolHandler(keys, metrics, onboarding, groups);
    groups.answerErrorsWith(handler);
    groups.logAdmissionsTo(logHub);
    WebSocketEndpoint endpoint = new WebSocketEndpoint(config.limits(), metrics, handler);
    RelayShortLink link =
        new RelayShortLink(
            ShortLinkScheme.HTTPS,
            onboarding.server(),
            Optional.empty(),
            keys.keyPair().publicKey().bytes());
    String address = link.print();
    byte[] info = InfoDocument.json(config, address, VERSION);
    boolean metricsHere = config.adminPort().isEmpty();

    HttpServer server =
        HttpServer.create()
            .host(config.host())
            .port(config.port())
            // Fan-out writes one frame to many connections, each flushed: consolidating the
            // flushes turns them into one write syscall per connection and event-loop turn
            // (the bare broadcast baseline doubled its deliveries per second with it).
            .doOnChannelInit(
                (observer, channel, remote) ->
                    channel
                        .pipeline()
                        .addFirst("flush-consolidation", new FlushConsolidationHandler(256, true)))
            .route(routes -> routes(routes, store, metrics, endpoint, info, metricsHere));
    if (config.tls() == TlsMode.DIRECT) {
      SslContext ssl = serverSsl(keys);
      server = server.secure(spec -> spec.sslContext(ssl));
    }
    DisposableServer http = server.bindNow(Duration.ofSeconds(30));
    DisposableServer admin = null;
    if (!metricsHere) {
      admin =
          HttpServer.create()
              .host(config.host())
              .port(config.adminPort().get())
              .route(
                  r ->
                      r.get("/metrics", (req, res) -> metrics(res, metrics))
                          .get("/health", (req, res) -> health(res, store, endpoint)))
              .bindNow(Duration.ofSeconds(30));
    }
    log.info("relay listening on {}:{} ({})", config.host(), http.port(), config.tls());
    RelayServer relay =
        new RelayServer(
            config, store, keys, metrics, endpoint, groups, http, admin, crypto, address);
    relay.bus = bus;
    return relay;
  }

  private static void routes(
      HttpServerRoutes routes,
      RelayStore store,
      RelayMetrics metrics,
      WebSocketEndpoint endpoint,
      byte[] info,
      boolean metricsHere) {
    routes
        .get(
            "/info",
            (req, res) ->
                res.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                    .sendByteArray(Mono.just(info)))
        .get("/health", (req, res) -> health(res, store, endpoint))
        .ws(
            "/ws",
            endpoint::handle,
            WebsocketServerSpec.builder().maxFramePayloadLength(endpoint.maxPayload()).build());
    if (metricsHere) {
      routes.get("/metrics", (req, res) -> metrics(res, metrics));
    }
  }

  /**
   * {@code 200 ok} while the relay serves; {@code 503} once it is shutting down (a load balancer
   * then sends new members elsewhere while the joins and posts taken are finished) or when the
   * store does not answer within 2 s.
   */
  private static org.reactivestreams.Publisher<Void> health(
      reactor.netty.http.server.HttpServerResponse res,
      RelayStore store,
      WebSocketEndpoint endpoint) {
    Mono<String> trouble =
        endpoint.accepting()
            ? store
                .ping()
                .timeout(Duration.ofSeconds(2))
                .onErrorReturn(false)
                .map(ok -> ok ? "" : "store unreachable\n")
            : Mono.just("shutting down\n");
    return trouble.flatMap(
        t ->
            res.status(t.isEmpty() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .sendString(Mono.just(t.isEmpty() ? "ok\n" : t))
                .then());
  }

  private static org.reactivestreams.Publisher<Void> metrics(
      reactor.netty.http.server.HttpServerResponse res, RelayMetrics metrics) {
    return res.header(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .sendString(Mono.fromCallable(metrics::scrape), StandardCharsets.UTF_8);
  }

  /** The cluster bus the configuration names (none for a single instance). */
  private static ClusterBus bus(RelayConfig config, RelayStore store, RelayKeys keys) {
    byte[] id = new byte[16];
    new SecureRandom().nextBytes(id);
    Bytes instance = Bytes.of(id);
    return switch (config.cluster().bus()) {
      case "postgres" -> new PostgresBus(store, instance);
      case "nats" ->
          new NatsBus(
              config.cluster().natsUrl(),
              "chat-relay." + Bytes.of(keys.keyHash()).toBase64Url(),
              instance);
      default -> ClusterBus.none();
    };
  }

  private static RelayKeys loadOrCreateIdentity(RelayStore store) {
    RelayIdentity stored =
        store
            .identity()
            .load()
            .switchIfEmpty(
                Mono.fromCallable(() -> RelayKeys.generate(new SecureRandom()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(
                        k ->
                            store
                                .identity()
                                .createIfAbsent(
                                    RelayIdentity.of(
                                        k.keyPair().seed(),
                                        k.keyPair().publicKey().bytes(),
                                        k.certificate()))))
            .block(Duration.ofSeconds(30));
    return new RelayKeys(
        io.chatrelay.codec.crypto.Ed25519KeyPair.fromSeed(stored.privateSeed()),
        stored.certificate());
  }

  private static SslContext serverSsl(RelayKeys keys) {
    try {
      return SslContextBuilder.forServer(keys.jcaPrivateKey(), keys.jcaCertificate()).build();
    } catch (GeneralSecurityException | SSLException e) {
      throw new IllegalStateException("cannot set up TLS with the relay certificate", e);
    }
  }

  /** Applies post retention now (it also runs every minute); returns how many posts it deleted. */
  public Mono<Long> pruneNow() {
    return groups.prune();
  }

  /**
   * Deletes old admitted join records now (housekeeping does it every minute); returns how many.
   */
  public Mono<Long> purgeAdmittedJoinsNow() {
    return groups.purgeAdmittedJoins();
  }

  /** The relay's address: a {@code /r} short link with its hosts, port and key hash. */
  public String address() {
    return address;
  }

  public int port() {
    return http.port();
  }

  public RelayKeys keys() {
    return keys;
  }

  public RelayMetrics metrics() {
    return metrics;
  }

  public RelayStore store() {
    return store;
  }

  public RelayConfig config() {
    return config;
  }

  /** The time connections have to take their close frames, however long the drain took. */
  private static final Duration CLOSE_AT_LEAST = Duration.ofSeconds(1);

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    log.info("relay shutting down");
    endpoint.stopAccepting();
    Duration grace = config.shutdownGrace();
    long deadline = System.nanoTime() + grace.toNanos();
    // Joins and posts already taken are stored and answered while their connections are open;
    // what arrives meanwhile is answered BUSY. The grace bounds this and the closing together.
    groups
        .drain()
        .timeout(grace)
        .onErrorResume(
            e -> {
              log.warn("joins or posts still in flight after {} ms are cut off", grace.toMillis());
              return Mono.empty();
            })
        .block();
    endpoint.closeAll(
        Duration.ofNanos(Math.max(deadline - System.nanoTime(), CLOSE_AT_LEAST.toNanos())));
    http.disposeNow(config.shutdownGrace());
    if (admin != null) {
      admin.disposeNow(Duration.ofSeconds(5));
    }
    groups.close();
    bus.close();
    crypto.close();
    store.close();
    metrics.close();
    log.info("relay stopped");
  }
}
