package io.chatrelay.load;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.message.ClientHello;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.RelayHello;
import io.chatrelay.codec.message.Subscribe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * A load-generating WebSocket connection, as lean as a client can be: it does the handshake with
 * the codec, then hands every binary frame to a {@link Handler} without copying or decoding it, and
 * writes pre-encoded frames straight to the channel. The same class talks to the relay and to the
 * bare broadcast server (which has no handshake).
 */
public final class LeanSocket {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HttpClient CLIENT =
      HttpClient.create(ConnectionProvider.newConnection())
          .option(io.netty.channel.ChannelOption.TCP_NODELAY, true);

  /** Receives frames on the connection's event loop; must not block. */
  public interface Handler {
    /**
     * @param tag the frame's tag, see {@link Tag}
     * @param corr the 8-byte correlation id as a long, or -1 for a pushed event
     * @param frame the whole frame; {@code bodyOffset} is where the message body starts
     */
    void onFrame(Tag tag, long corr, ByteBuf frame, int bodyOffset);

    default void onClose(String reason) {}

    /** {@code frames} for the frames, and {@code closed} told why the connection ended. */
    static Handler withClose(Handler frames, Consumer<String> closed) {
      return new Handler() {
        @Override
        public void onFrame(Tag tag, long corr, ByteBuf frame, int bodyOffset) {
          frames.onFrame(tag, corr, frame, bodyOffset);
        }

        @Override
        public void onClose(String reason) {
          closed.accept(reason);
        }
      };
    }

    /**
     * A publisher's: counts its posts answered {@code POSTED} and refused ({@code ERR}), and tells
     * {@code closed} why its connection ended.
     */
    static Handler publisher(AtomicLong posted, AtomicLong refused, Consumer<String> closed) {
      return withClose(
          (tag, corr, frame, body) -> {
            if (tag == Tag.POSTED) {
              posted.incrementAndGet();
            } else if (tag == Tag.ERR) {
              refused.incrementAndGet();
            }
          },
          closed);
    }
  }

  /** The relay messages the scenarios tell apart. */
  public enum Tag {
    DELIVER,
    POSTED,
    QUEUED,
    JOINED,
    SUBSCRIBED,
    ERR,
    OTHER
  }

  private final Sinks.One<LeanSocket> ready = Sinks.one();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Channel channel;
  private volatile byte[] serverNonce;
  private volatile Handler handler;

  private LeanSocket() {}

  /** Connects to the relay at {@code server} (plain WebSocket) and completes the handshake. */
  public static Mono<LeanSocket> relay(SmpServer server, Handler handler) {
    return open(server.hosts().get(0), server.port().orElse(80), handler, server.keyHash());
  }

  /**
   * Connects to the relay, subscribes {@code member} to the group at {@code address} from its first
   * post, and completes once the relay answered {@code SUBSCRIBED}. Every frame, that one included,
   * also goes to {@code handler}.
   */
  public static Mono<LeanSocket> subscriber(
      SmpServer server, Bytes address, Ed25519KeyPair member, Handler handler) {
    Sinks.Empty<Void> subscribed = Sinks.empty();
    Handler watching =
        new Handler() {
          @Override
          public void onFrame(Tag tag, long corr, ByteBuf frame, int body) {
            if (tag == Tag.SUBSCRIBED) {
              subscribed.tryEmitEmpty();
            } else if (tag == Tag.ERR && corr == 1) {
              subscribed.tryEmitError(new IllegalStateException("the relay refused SUB"));
            }
            handler.onFrame(tag, corr, frame, body);
          }

          @Override
          public void onClose(String reason) {
            subscribed.tryEmitError(new IllegalStateException(reason));
            handler.onClose(reason);
          }
        };
    return relay(server, watching)
        .flatMap(
            s -> {
              s.send(
                  MessageCodec.encode(
                      new Frame(
                          1,
                          LoadChannel.corr(1),
                          Subscribe.sign(address, member, 0, s.serverNonce()))));
              return subscribed.asMono().timeout(Duration.ofSeconds(60)).thenReturn(s);
            });
  }

  /** Connects to a server without our handshake (the bare broadcast baseline). */
  public static Mono<LeanSocket> bare(String host, int port, Handler handler) {
    return open(host, port, handler, null);
  }

  private static Mono<LeanSocket> open(String host, int port, Handler handler, byte[] keyHash) {
    return Mono.defer(
        () -> {
          LeanSocket s = new LeanSocket();
          byte[] clientNonce = new byte[32];
          RANDOM.nextBytes(clientNonce);
          s.handler =
              keyHash == null
                  ? handler
                  : (tag, corr, frame, body) -> s.onHello(frame, keyHash, clientNonce, handler);
          CLIENT
              .host(host)
              .port(port)
              .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
              .uri("/ws")
              .handle(
                  (in, out) -> {
                    in.withConnection(
                        c -> {
                          s.channel = c.channel();
                          if (keyHash == null) {
                            s.ready.tryEmitValue(s);
                          } else {
                            s.send(
                                MessageCodec.encode(
                                    new Frame(
                                        1,
                                        LoadChannel.corr(0),
                                        new ClientHello(
                                            MessageCodec.SUPPORTED, Bytes.of(clientNonce)))));
                          }
                        });
                    return in.receiveFrames()
                        .doOnNext(
                            f -> {
                              if (f instanceof BinaryWebSocketFrame) {
                                s.dispatch(f.content());
                              }
                            })
                        .then();
                  })
              .subscribe(
                  null,
                  e -> s.closed("error: " + e.getMessage()),
                  () -> s.closed("closed by the server"));
          return s.ready.asMono().timeout(Duration.ofSeconds(60));
        });
  }

  private void onHello(ByteBuf frame, byte[] keyHash, byte[] clientNonce, Handler next) {
    try {
      Frame f = MessageCodec.decodeRelayFrame(ByteBufUtil.getBytes(frame), 1 << 20);
      if (!(f.message() instanceof RelayHello hello)) {
        ready.tryEmitError(new IllegalStateException("expected RHELLO, got " + f));
        return;
      }
      hello.verify(keyHash, clientNonce);
      serverNonce = hello.serverNonce().toByteArray();
      handler = next;
      ready.tryEmitValue(this);
    } catch (RuntimeException e) {
      ready.tryEmitError(e);
    }
  }

  private void dispatch(ByteBuf frame) {
    int i = frame.readerIndex() + 2; // version
    int corrLen = frame.getUnsignedByte(i);
    long corr = corrLen == 8 ? frame.getLong(i + 1) : -1;
    i += 1 + corrLen;
    handler.onFrame(tag(frame, i + 1, frame.getUnsignedByte(i)), corr, frame, bodyOffset(frame));
  }

  /** Where the message body of {@code frame} starts: after version, correlation id and tag. */
  static int bodyOffset(ByteBuf frame) {
    int i = frame.readerIndex() + 2;
    i += 1 + frame.getUnsignedByte(i);
    return i + 1 + frame.getUnsignedByte(i);
  }

  /** The tag of {@code frame}, as far as the scenarios tell tags apart. */
  static Tag tag(ByteBuf frame) {
    int i = frame.readerIndex() + 2;
    i += 1 + frame.getUnsignedByte(i);
    return tag(frame, i + 1, frame.getUnsignedByte(i));
  }

  private static Tag tag(ByteBuf b, int at, int len) {
    byte first = b.getByte(at);
    return switch (len) {
      case 7 -> first == 'D' ? Tag.DELIVER : Tag.OTHER;
      case 6 ->
          switch (first) {
            case 'P' -> Tag.POSTED;
            case 'Q' -> Tag.QUEUED;
            case 'J' -> Tag.JOINED;
            default -> Tag.OTHER;
          };
      case 10 -> first == 'S' ? Tag.SUBSCRIBED : Tag.OTHER;
      case 3 -> first == 'E' ? Tag.ERR : Tag.OTHER;
      default -> Tag.OTHER;
    };
  }

  /**
   * The author sequence number of the post in a {@code DELIVER} frame whose body starts at {@code
   * body}: {@code addressId(1+24) seq(8) postId(1+n) author(1+32) authorSeq(8)}.
   */
  public static long deliveredAuthorSeq(ByteBuf frame, int body) {
    int i = body + 1 + frame.getUnsignedByte(body) + 8;
    i += 1 + frame.getUnsignedByte(i);
    i += 1 + frame.getUnsignedByte(i);
    return frame.getLong(i);
  }

  /** The relay sequence number in a {@code DELIVER} frame. */
  public static long deliveredSeq(ByteBuf frame, int body) {
    return frame.getLong(body + 1 + frame.getUnsignedByte(body));
  }

  /** The nonce the relay chose for this connection (subscription proofs sign it). */
  public byte[] serverNonce() {
    return serverNonce.clone();
  }

  /** Writes a pre-encoded frame; the bytes must not change afterwards. */
  public void send(byte[] frame) {
    Channel c = channel;
    if (c != null && c.isActive()) {
      c.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)), c.voidPromise());
    }
  }

  /** Writes a frame the caller built and keeps no reference to. */
  public void send(ByteBuf frame) {
    Channel c = channel;
    if (c != null && c.isActive()) {
      c.writeAndFlush(new BinaryWebSocketFrame(frame), c.voidPromise());
    } else {
      frame.release();
    }
  }

  /** Whether a write now would be sent without waiting for the peer to read. */
  public boolean isWritable() {
    Channel c = channel;
    return c != null && c.isWritable();
  }

  public boolean isOpen() {
    Channel c = channel;
    return c != null && c.isActive() && !closed.get();
  }

  private void closed(String reason) {
    if (closed.compareAndSet(false, true)) {
      ready.tryEmitError(new IllegalStateException(reason));
      handler.onClose(reason);
    }
  }

  public void close() {
    Channel c = channel;
    if (c != null) {
      c.close();
    }
  }
}
