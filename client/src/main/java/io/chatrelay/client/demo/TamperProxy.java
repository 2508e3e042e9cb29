package io.chatrelay.client.demo;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.group.GroupProfile;
import io.chatrelay.codec.group.MutableLinkData;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.SignedLinkData;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.LinkData;
import io.chatrelay.codec.message.MessageCodec;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * <b>A demo and test tool, not part of the client:</b> a relay that tampers, simulated as a
 * man-in-the-middle WebSocket proxy in front of a real relay (plain {@code ws://} on both sides).
 *
 * <p>Frames pass through unchanged, except those the relay sends that {@link Mode} names: in {@code
 * NONE} mode nothing (an honest relay); in {@code POST} mode every delivered post's text is
 * rewritten (its signature kept); in {@code LINKDATA} mode the group profile in served link data is
 * rewritten (its signature kept). The handshake passes through untouched, so clients do talk to the
 * relay their address names: what the demo shows is that the owners' signatures, not the relay's
 * honesty, protect posts and link data.
 */
public final class TamperProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TamperProxy.class);
  private static final int MAX_FRAME = MessageCodec.DEFAULT_MAX_FRAME * 2;

  /** What the proxy rewrites. */
  public enum Mode {
    /** Nothing: an honest relay (until the proxy is restarted in another mode). */
    NONE,
    /** The text of delivered posts ({@code DELIVER}). */
    POST,
    /** The group profile in served link data ({@code LINKDATA}). */
    LINKDATA
  }

  private final DisposableServer server;
  private final Mode mode;
  private final String targetHost;
  private final int targetPort;
  private final AtomicInteger tampered = new AtomicInteger();

  /**
   * What a hostile relay does to the frames it sends one client: each frame from the relay goes in,
   * the frames to send come out (none to drop it, several to inject or replay, held ones to
   * reorder). A new instance per connection, so it may keep state.
   */
  public interface Attack {
    List<Frame> apply(Frame fromRelay);
  }

  private final Supplier<Attack> attacks;

  private TamperProxy(String host, int port, String targetHost, int targetPort, Mode mode) {
    this(host, port, targetHost, targetPort, mode, null);
  }

  private TamperProxy(
      String host,
      int port,
      String targetHost,
      int targetPort,
      Mode mode,
      Supplier<Attack> attacks) {
    this.attacks = attacks;
    this.mode = mode;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server =
        HttpServer.create()
            .host(host)
            .port(port)
            .route(
                r ->
                    r.ws(
                        "/ws",
                        this::bridge,
                        WebsocketServerSpec.builder().maxFramePayloadLength(MAX_FRAME).build()))
            .bindNow(Duration.ofSeconds(30));
  }

  /** Listens on {@code host:port} and forwards to the relay at {@code targetHost:targetPort}. */
  public static TamperProxy start(
      String host, int port, String targetHost, int targetPort, Mode mode) {
    return new TamperProxy(host, port, targetHost, targetPort, mode);
  }

  /**
   * A proxy that runs {@code attack} (a fresh one per client connection) on what the relay sends.
   */
  public static TamperProxy attacking(
      String host, int port, String targetHost, int targetPort, Supplier<Attack> attack) {
    return new TamperProxy(host, port, targetHost, targetPort, Mode.NONE, attack);
  }

  public int port() {
    return server.port();
  }

  /** How many frames were rewritten so far. */
  public int tampered() {
    return tampered.get();
  }

  /** Completes when the proxy is closed. */
  public Mono<Void> onDispose() {
    return server.onDispose();
  }

  private Mono<Void> bridge(WebsocketInbound in, WebsocketOutbound out) {
    return HttpClient.create()
        .host(targetHost)
        .port(targetPort)
        .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build())
        .uri("/ws")
        .handle(
            (relayIn, relayOut) -> {
              Mono<Void> up =
                  relayOut
                      .sendObject(
                          in.aggregateFrames(MAX_FRAME).receiveFrames().map(TamperProxy::copy))
                      .then();
              Attack attack = attacks == null ? null : attacks.get();
              Mono<Void> down =
                  out.sendObject(
                          relayIn
                              .aggregateFrames(MAX_FRAME)
                              .receiveFrames()
                              .map(f -> ByteBufUtil.getBytes(f.content()))
                              .concatMapIterable(
                                  b -> attack == null ? List.of(rewrite(b)) : attack(attack, b))
                              .map(TamperProxy::frame))
                      .then();
              return Mono.firstWithSignal(up, down);
            })
        .then()
        .onErrorResume(
            e -> {
              log.warn("tamper proxy: relay connection failed: {}", e.toString());
              return Mono.empty();
            });
  }

  private static WebSocketFrame copy(WebSocketFrame f) {
    return frame(ByteBufUtil.getBytes(f.content()));
  }

  private static WebSocketFrame frame(byte[] bytes) {
    return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
  }

  private List<byte[]> attack(Attack attack, byte[] bytes) {
    Frame f;
    try {
      f = MessageCodec.decodeRelayFrame(bytes, MAX_FRAME);
    } catch (DecodeException e) {
      return List.of(bytes);
    }
    List<Frame> out = attack.apply(f);
    if (out.size() != 1 || !out.get(0).equals(f)) {
      tampered.incrementAndGet();
    }
    return out.stream().map(MessageCodec::encode).toList();
  }

  /** The frame as the tampering relay sends it. */
  byte[] rewrite(byte[] bytes) {
    Frame f;
    try {
      f = MessageCodec.decodeRelayFrame(bytes, MAX_FRAME);
    } catch (DecodeException e) {
      return bytes;
    }
    if (mode == Mode.POST && f.message() instanceof Deliver d) {
      Post p = d.post();
      byte[] forged =
          ("[rewritten by the relay] " + p.text() + " -- send your coins to relay-3")
              .getBytes(StandardCharsets.UTF_8);
      Post altered =
          new Post(p.postId(), p.author(), p.authorSeq(), p.sentAt(), forged, p.signature());
      tampered.incrementAndGet();
      return MessageCodec.encode(
          new Frame(
              f.version(),
              f.corrId(),
              new Deliver(d.addressId(), d.seq(), altered, d.certificate())));
    }
    if (mode == Mode.LINKDATA && f.message() instanceof LinkData ld) {
      try {
        SignedLinkData s = SignedLinkData.decode(ld.signedLinkData().toByteArray());
        MutableLinkData m = MutableLinkData.decode(s.data());
        MutableLinkData changed =
            new MutableLinkData(
                m.version(),
                m.owners(),
                new GroupProfile("Official channel (moved: join via relay-3 only)", null).toJson(),
                m.relays());
        SignedLinkData forged = new SignedLinkData(changed.encode(), s.signer(), s.signature());
        tampered.incrementAndGet();
        return MessageCodec.encode(
            new Frame(
                f.version(), f.corrId(), new LinkData(ld.fixedData(), Bytes.of(forged.encode()))));
      } catch (DecodeException e) {
        return bytes;
      }
    }
    return bytes;
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }
}
