package io.chatrelay.client.transport;

import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.message.ClientHello;
import io.chatrelay.codec.message.ClientMessage;
import io.chatrelay.codec.message.ErrorMessage;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.RelayHello;
import io.chatrelay.codec.message.RelayMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.transport.ProxyProvider;

/**
 * One WebSocket connection to a relay, after a verified handshake.
 *
 * <p>{@link #connect} opens the socket, sends {@code HELLO} with a fresh nonce and checks the
 * relay's {@code RHELLO}: the certificate must hash to the key hash of the relay's link and its key
 * must have signed the nonce. Then {@link #request} sends a message and returns the response with
 * the same correlation id ({@code ERR} becomes a {@link RelayException}); messages the relay pushes
 * (deliveries, log entries, join results) arrive on {@link #events()}.
 *
 * <p>Slow application: pushed events wait in a bounded buffer ({@link
 * ConnectOptions#eventBuffer()}); past it the connection is closed with an error, and the reader
 * resumes from its last sequence number on a new connection. {@link #close()} is idempotent.
 */
public final class RelayConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayConnection.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final ConnectOptions options;
  private final Sinks.Many<byte[]> outbound = Sinks.many().unicast().onBackpressureBuffer();
  private final Sinks.Many<RelayMessage> events;
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private final Map<Long, Sinks.One<RelayMessage>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextCorrId = new AtomicLong(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile Disposable socket;
  private volatile int version;
  private volatile byte[] serverNonce;
  private volatile Ed25519PublicKey relayKey;

  private RelayConnection(String id, ConnectOptions options) {
    this.id = id;
    this.options = options;
    // Multicast: several parts of an application may listen (join results, deliveries, log);
    // events that arrive while nobody listens wait in the bounded buffer.
    this.events = Sinks.many().multicast().onBackpressureBuffer(options.eventBuffer(), false);
  }

  /**
   * Connects to the relay at {@code server} and verifies its identity.
   *
   * @return a ready connection, or an error: {@link RelayException} for refusals and transport
   *     failures, {@link DecodeException} (reason {@code BAD_KEY}) when the relay is not the one
   *     the link names
   */
  public static Mono<RelayConnection> connect(SmpServer server, ConnectOptions options) {
    return Mono.defer(
        () -> {
          String host = server.hosts().get(0);
          int port = server.port().orElse(options.plain() ? 80 : 443);
          RelayConnection c = new RelayConnection(host + ":" + port, options);
          return c.open(host, port, server.keyHash())
              .timeout(options.connectTimeout())
              .doOnError(e -> c.close())
              .thenReturn(c);
        });
  }

  private Mono<Void> open(String host, int port, byte[] keyHash) {
    HttpClient client = HttpClient.create().host(host).port(port);
    if (!options.plain()) {
      SslContext ssl;
      try {
        ssl = SslContextBuilder.forClient().trustManager(new PinnedTrust(keyHash)).build();
      } catch (SSLException e) {
        return Mono.error(new RelayException("cannot set up TLS", e));
      }
      client = client.secure(spec -> spec.sslContext(ssl));
    }
    if (options.socksProxy().isPresent()) {
      InetSocketAddress proxy = options.socksProxy().get();
      client = client.proxy(p -> p.type(ProxyProvider.Proxy.SOCKS5).socketAddress(proxy));
    }
    WebsocketClientSpec spec =
        WebsocketClientSpec.builder().maxFramePayloadLength(options.maxFrameBytes()).build();
    Sinks.One<Void> connected = Sinks.one();
    socket =
        client
            .websocket(spec)
            .uri("/ws")
            .handle(
                (in, out) -> {
                  connected.tryEmitEmpty();
                  Mono<Void> send =
                      out.sendObject(
                              outbound
                                  .asFlux()
                                  .map(b -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b))))
                          .then();
                  Mono<Void> receive =
                      in.aggregateFrames(options.maxFrameBytes())
                          .receiveFrames()
                          .doOnNext(this::onFrame)
                          .then();
                  return Mono.firstWithSignal(send, receive);
                })
            .then()
            .subscribe(
                null,
                e -> {
                  connected.tryEmitError(new RelayException("connection to " + id + " failed", e));
                  terminate(new RelayException("connection to " + id + " failed", e));
                },
                () ->
                    terminate(
                        new RelayException(
                            io.chatrelay.codec.message.ErrorCode.UNKNOWN,
                            0,
                            "connection to " + id + " closed")));
    byte[] clientNonce = new byte[32];
    RANDOM.nextBytes(clientNonce);
    return connected
        .asMono()
        .then(
            send(new ClientHello(MessageCodec.SUPPORTED, Bytes.of(clientNonce)))
                .flatMap(
                    m -> {
                      if (!(m instanceof RelayHello hello)) {
                        return Mono.error(
                            new RelayException(
                                io.chatrelay.codec.message.ErrorCode.HANDSHAKE,
                                0,
                                "relay answered HELLO with " + m.tag()));
                      }
                      relayKey = hello.verify(keyHash, clientNonce);
                      serverNonce = hello.serverNonce().toByteArray();
                      version = hello.version();
                      log.debug("{} handshake done, version {}", id, version);
                      return Mono.<Void>empty();
                    }));
  }

  private void onFrame(WebSocketFrame frame) {
    if (!(frame instanceof BinaryWebSocketFrame)) {
      return;
    }
    ByteBuf content = frame.content();
    byte[] bytes = ByteBufUtil.getBytes(content);
    Frame f;
    try {
      f = MessageCodec.decodeRelayFrame(bytes, options.maxFrameBytes());
    } catch (DecodeException e) {
      log.warn("{} undecodable frame from relay: {}", id, e.getMessage());
      return;
    }
    RelayMessage m = (RelayMessage) f.message();
    byte[] corr = f.corrId();
    if (corr.length == 8) {
      Sinks.One<RelayMessage> waiter = pending.remove(ByteBuffer.wrap(corr).getLong());
      if (waiter != null) {
        waiter.tryEmitValue(m);
        return;
      }
    }
    Sinks.EmitResult r;
    do {
      r = events.tryEmitNext(m);
    } while (r == Sinks.EmitResult.FAIL_NON_SERIALIZED);
    if (r == Sinks.EmitResult.FAIL_OVERFLOW) {
      terminate(
          new RelayException(
              io.chatrelay.codec.message.ErrorCode.SLOW_CONSUMER,
              0,
              "events from " + id + " not consumed fast enough"));
    }
  }

  /**
   * Sends {@code message} and returns the relay's response; {@code ERR} fails the {@link Mono} with
   * a {@link RelayException}.
   */
  public Mono<RelayMessage> request(ClientMessage message) {
    return send(message)
        .flatMap(
            m -> m instanceof ErrorMessage err ? Mono.error(RelayException.of(err)) : Mono.just(m));
  }

  /** Sends {@code message} and returns the raw response, {@code ERR} included. */
  public Mono<RelayMessage> send(ClientMessage message) {
    return Mono.defer(
        () -> {
          long corr = nextCorrId.getAndIncrement();
          Sinks.One<RelayMessage> waiter = Sinks.one();
          pending.put(corr, waiter);
          byte[] corrId = ByteBuffer.allocate(8).putLong(corr).array();
          byte[] bytes =
              MessageCodec.encode(new Frame(version == 0 ? 1 : version, corrId, message));
          if (closing.get()) {
            pending.remove(corr);
            return Mono.error(new RelayException("connection to " + id + " is closed", null));
          }
          outbound.emitNext(bytes, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
          return waiter
              .asMono()
              .timeout(options.requestTimeout())
              .doFinally(s -> pending.remove(corr));
        });
  }

  /**
   * Messages the relay pushes: deliveries, log entries, join results. Each subscriber sees the
   * events from when it subscribed (and those buffered while nobody listened).
   */
  public Flux<RelayMessage> events() {
    return events.asFlux();
  }

  /** Completes when the connection is closed, by either side. */
  public Mono<Void> onClose() {
    return closed.asMono();
  }

  public boolean isOpen() {
    return !closing.get();
  }

  /** The nonce the relay chose for this connection; proofs made here sign it. */
  public byte[] serverNonce() {
    return serverNonce.clone();
  }

  /** The relay's identity key, as verified in the handshake. */
  public Ed25519PublicKey relayKey() {
    return relayKey;
  }

  public int version() {
    return version;
  }

  public String id() {
    return id;
  }

  /** Ends the connection; {@code reason} null for a close the application asked for. */
  private void terminate(RelayException reason) {
    if (closing.compareAndSet(false, true)) {
      RelayException failure =
          reason != null ? reason : new RelayException("connection to " + id + " closed", null);
      pending.values().forEach(w -> w.tryEmitError(failure));
      pending.clear();
      if (reason == null) {
        events.tryEmitComplete();
      } else {
        events.tryEmitError(reason);
      }
      outbound.tryEmitComplete();
      closed.tryEmitEmpty();
    }
  }

  @Override
  public void close() {
    terminate(
        new RelayException(
            io.chatrelay.codec.message.ErrorCode.UNKNOWN, 0, "connection to " + id + " closed"));
    Disposable s = socket;
    if (s != null) {
      s.dispose();
    }
  }
}
