package io.chatrelay.server.transport;

import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.server.config.Limits;
import io.chatrelay.server.metrics.RelayMetrics;
import io.micrometer.core.instrument.Gauge;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The protocol endpoint: one WebSocket connection, one {@link RelaySession}.
 *
 * <p>Inbound frames are decoded at the edge (bytes are copied out of Netty's buffer, which Reactor
 * Netty releases) and handled one after another, in order, per connection; reading follows demand,
 * so a client that floods requests is slowed by TCP, not buffered. A frame that does not decode is
 * answered with {@code ERR} and the connection stays; a frame beyond twice the frame limit closes
 * it (WebSocket status 1009). Connections over the configured total or per-address limits are
 * closed at once (status 1013, "try again later").
 */
public final class WebSocketEndpoint {
  private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

  // Why a connection is refused: the close reason it gets, and the reason of
  // relay.connections.refused.
  private static final String REFUSED_SHUTTING_DOWN = "relay shutting down";
  private static final String REFUSED_TOO_MANY = "too many connections";
  private static final String REFUSED_TOO_MANY_FROM_ADDRESS =
      "too many connections from this address";

  private final Limits limits;
  private final RelayMetrics metrics;
  private final ProtocolHandler handler;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private volatile boolean accepting = true;

  /** An open connection: its socket, its session, and its read budget. */
  private record Connection(WebsocketInbound in, RelaySession session, ReadBudget budget) {}

  /** Open connections, to close them on shutdown. */
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  /** Closes connections that stay silent too long; one task for all of them. */
  private final Disposable sweeper;

  public WebSocketEndpoint(Limits limits, RelayMetrics metrics, ProtocolHandler handler) {
    this.limits = limits;
    this.metrics = metrics;
    metrics.expect(
        RelayMetrics.CONNECTIONS_REFUSED,
        "reason",
        List.of(REFUSED_SHUTTING_DOWN, REFUSED_TOO_MANY, REFUSED_TOO_MANY_FROM_ADDRESS));
    this.handler = handler;
    Gauge.builder(
            RelayMetrics.REQUESTS_IN_PROGRESS,
            connections,
            open -> open.values().stream().mapToInt(c -> c.budget().frames()).sum())
        .description("requests read from connections and not yet handled")
        .register(metrics.registry());
    long every = sweepPeriod(limits).toNanos();
    this.sweeper =
        Schedulers.parallel()
            .schedulePeriodically(this::closeSilent, every, every, TimeUnit.NANOSECONDS);
  }

  /** A tenth of the shorter timeout, between 10 ms and 1 s: timeouts are kept within 10%. */
  static Duration sweepPeriod(Limits limits) {
    Duration shorter =
        limits.handshakeTimeout().compareTo(limits.idleTimeout()) < 0
            ? limits.handshakeTimeout()
            : limits.idleTimeout();
    Duration tenth = shorter.dividedBy(10);
    Duration min = Duration.ofMillis(10);
    Duration max = Duration.ofSeconds(1);
    return tenth.compareTo(min) < 0 ? min : tenth.compareTo(max) > 0 ? max : tenth;
  }

  /**
   * Closes (status 1001) each connection without a completed HELLO within the handshake timeout of
   * opening, and each connection that sent nothing for the idle timeout (clients ping to stay). One
   * periodic sweep instead of a timer per connection, rescheduled on every frame: an idle
   * connection costs a timestamp, not a timer.
   */
  private void closeSilent() {
    long now = System.nanoTime();
    for (Connection c : connections.values()) {
      RelaySession s = c.session();
      String why = s.silence(now, limits.handshakeTimeout(), limits.idleTimeout());
      if (why != null && s.endsBecause(why)) {
        metrics.counter(RelayMetrics.CONNECTIONS_TIMEOUTS).increment();
        closeWith(c.in(), 1001, "timeout").subscribe();
      }
    }
  }

  /** Largest WebSocket payload Netty accepts before closing with 1009. */
  public int maxPayload() {
    return limits.maxFrameBytes() * 2;
  }

  /** False once the relay is shutting down. */
  public boolean accepting() {
    return accepting;
  }

  /** Stops accepting connections (graceful shutdown). */
  public void stopAccepting() {
    accepting = false;
  }

  /**
   * Closes every open connection with status 1001 ("going away"), waiting at most {@code grace}:
   * requests already handled were answered or changed nothing, and clients reconnect elsewhere or
   * later and resume from their last sequence number.
   */
  public void closeAll(java.time.Duration grace) {
    sweeper.dispose();
    reactor.core.publisher.Flux.fromIterable(connections.values())
        .flatMap(
            c -> {
              c.session().endsBecause("relay shutting down");
              return closeWith(c.in(), 1001, "relay shutting down");
            })
        .then()
        .timeout(grace, Mono.empty())
        .onErrorResume(e -> Mono.empty())
        .block();
  }

  public int openConnections() {
    return open.get();
  }

  /**
   * Serves one connection. Logged, one line each, starting with the connection id: opened (with the
   * client's IP address, at debug only), refused, closed (with how long it lasted and why), and at
   * info a slow consumer's disconnection.
   */
  public Publisher<Void> handle(WebsocketInbound in, WebsocketOutbound out) {
    String id = "c" + ids.incrementAndGet();
    String remote = remoteHost(in);
    String refusal = admit(remote);
    if (refusal != null) {
      metrics.connectionRefused(refusal);
      log.debug("{} refused from {}: {}", id, remote, refusal);
      return out.sendClose(1013, refusal);
    }
    long opened = System.nanoTime();
    metrics.connectionOpened();
    RelaySession[] holder = new RelaySession[1];
    in.withConnection(
        c ->
            holder[0] =
                new RelaySession(
                    id,
                    remote,
                    limits.outboundBufferFrames(),
                    c.channel(),
                    metrics::framesSent,
                    () -> {
                      holder[0].endsBecause("slow consumer");
                      metrics.counter(RelayMetrics.SLOW_CONSUMERS).increment();
                      holder[0].close();
                      closeWith(in, 4000, "slow consumer").subscribe();
                    }));
    RelaySession session = holder[0];
    ReadBudget budget = new ReadBudget(limits.maxFrameBytes());
    forgetHandshake(in);
    connections.put(id, new Connection(in, session, budget));
    log.debug("{} opened from {}", id, remote);

    // Frames are written straight to the channel by the session, and every way the relay ends a
    // connection closes the channel: the connection lasts as long as its inbound stream.
    return in.aggregateFrames(maxPayload())
        .receiveFrames()
        // Copy out of Netty's buffer here, at the edge: Reactor Netty releases it as soon as
        // this onNext returns, while concatMap may still hold the frame behind a slow one.
        .map(frame -> session.heard(copy(frame)))
        // The next frame is read only while those taken in and not yet handled hold less than
        // one maximum frame: small requests pipeline, large ones come one at a time.
        .concatMap(bytes -> budget.take(bytes.length).thenReturn(bytes), 1)
        // Up to pipelined-requests frames are checked at once (the signatures of joins and
        // posts, on the crypto threads), then handled one by one in arrival order. Detached once
        // handled: the idle connection keeps nothing of its last request.
        .flatMapSequential(
            bytes ->
                onFrame(session, bytes)
                    .<GroupRequests.Step>map(
                        step -> () -> step.run().doFinally(s -> budget.give(bytes.length)))
                    .onTerminateDetach(),
            limits.pipelinedRequests(),
            1)
        .concatMap(step -> step.run().onTerminateDetach(), 1)
        .then()
        .onErrorResume(
            e -> {
              if (e instanceof IOException || e instanceof AbortedException) {
                // The client went away (reset, broken pipe): routine, the close line says it.
                session.endsBecause("connection lost: " + e.getMessage());
              } else {
                session.endsBecause("failed: " + e);
                log.warn("{} connection failed: {}", id, e.toString(), e);
              }
              return Mono.empty();
            })
        .doFinally(
            s -> {
              connections.remove(id);
              session.close();
              release(remote);
              metrics.connectionClosed();
              session.endsBecause("closed by the client");
              log.debug(
                  "{} closed after {} ms: {}",
                  id,
                  (System.nanoTime() - opened) / 1_000_000,
                  session.closeReason());
            });
  }

  /**
   * Drops the upgrade request's and response's headers, which Reactor Netty would otherwise keep
   * for the connection's life: nothing reads them after the handshake, and on an idle connection
   * they were the largest single item of its memory.
   */
  private static void forgetHandshake(WebsocketInbound in) {
    in.headers().clear();
    in.withConnection(
        c -> {
          if (c instanceof reactor.netty.http.server.HttpServerResponse response) {
            response.responseHeaders().clear();
          }
        });
  }

  /** The payload of a binary frame; {@link #NOT_BINARY} for any other kind. */
  private static byte[] copy(WebSocketFrame frame) {
    return frame instanceof BinaryWebSocketFrame
        ? ByteBufUtil.getBytes(frame.content())
        : NOT_BINARY;
  }

  private static final byte[] NOT_BINARY = new byte[0];

  /** Decodes a frame and runs its checks; completes with the rest of its handling. */
  private Mono<GroupRequests.Step> onFrame(RelaySession session, byte[] bytes) {
    metrics.frameReceived();
    if (bytes == NOT_BINARY) {
      return Mono.just(
          () ->
              handler.refuse(
                  session,
                  new byte[0],
                  ErrorCode.MALFORMED,
                  "only binary frames carry the protocol"));
    }
    Frame decoded;
    try {
      decoded = MessageCodec.decodeClientFrame(bytes, limits.maxFrameBytes());
    } catch (DecodeException e) {
      ErrorCode code =
          switch (e.reason()) {
            case OVER_LIMIT ->
                bytes.length > limits.maxFrameBytes() ? ErrorCode.LIMIT : ErrorCode.MALFORMED;
            case UNSUPPORTED_VERSION -> ErrorCode.UNSUPPORTED_VERSION;
            default -> ErrorCode.MALFORMED;
          };
      return Mono.just(() -> handler.refuse(session, corrIdOf(bytes), code, e.getMessage()));
    }
    return handler.check(session, decoded);
  }

  /**
   * How long a close frame may wait behind unread writes before the connection is closed without
   * it: a slow consumer's close frame queues behind everything its reader has not read, and a
   * reader that reads nothing would otherwise keep the connection, its socket and its buffer.
   */
  static final Duration CLOSE_FRAME_GRACE = Duration.ofSeconds(2);

  /**
   * Sends a close frame with a status and reason straight to the channel, then closes it: the frame
   * goes out even when the protocol's outbound queue is full or being cancelled, and the channel is
   * closed once it is written or after {@link #CLOSE_FRAME_GRACE}, whichever comes first.
   */
  private static Mono<Void> closeWith(WebsocketInbound in, int status, String reason) {
    return Mono.create(
        sink ->
            in.withConnection(
                c -> {
                  ScheduledFuture<?> unread =
                      c.channel()
                          .eventLoop()
                          .schedule(
                              c::dispose, CLOSE_FRAME_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                  // Closing the channel fails the pending write, so this runs either way.
                  c.channel()
                      .writeAndFlush(WebSocketWire.close(status, reason))
                      .addListener(
                          f -> {
                            unread.cancel(false);
                            c.dispose();
                            sink.success();
                          });
                }));
  }

  /** The correlation id of an undecodable frame, if its header is readable. */
  private static byte[] corrIdOf(byte[] frame) {
    if (frame.length >= 3) {
      int len = frame[2] & 0xFF;
      if (len <= 24 && frame.length >= 3 + len) {
        return java.util.Arrays.copyOfRange(frame, 3, 3 + len);
      }
    }
    return new byte[0];
  }

  private String admit(String remote) {
    if (!accepting) {
      return REFUSED_SHUTTING_DOWN;
    }
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      return REFUSED_TOO_MANY;
    }
    AtomicInteger n = perAddress.computeIfAbsent(remote, k -> new AtomicInteger());
    if (n.incrementAndGet() > limits.maxConnectionsPerAddress()) {
      n.decrementAndGet();
      open.decrementAndGet();
      return REFUSED_TOO_MANY_FROM_ADDRESS;
    }
    return null;
  }

  private void release(String remote) {
    open.decrementAndGet();
    perAddress.computeIfPresent(remote, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  private static String remoteHost(WebsocketInbound in) {
    String[] host = {"unknown"};
    in.withConnection(
        c -> {
          if (c.channel().remoteAddress() instanceof InetSocketAddress a) {
            host[0] = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
          }
        });
    return host[0];
  }
}
