package io.chatrelay.server.testing;

import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A WebSocket that sends whatever bytes a test gives it, for hostile and malformed input; frames
 * received are decoded as relay frames when they decode, and kept raw otherwise.
 */
public final class RawSocket implements AutoCloseable {
  private final Sinks.Many<WebSocketFrame> out = Sinks.many().unicast().onBackpressureBuffer();
  private final BlockingQueue<Object> in = new LinkedBlockingQueue<>();
  private final Disposable connection;

  public RawSocket(String host, int port, int maxFrame) {
    connection =
        HttpClient.create()
            .host(host)
            .port(port)
            .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(maxFrame).build())
            .uri("/ws")
            .handle(
                (i, o) -> {
                  i.receiveCloseStatus()
                      .subscribe(c -> in.add("close:" + c.code() + ":" + c.reasonText()));
                  return Mono.firstWithSignal(
                      o.sendObject(out.asFlux()).then(),
                      i.receiveFrames()
                          .doOnNext(
                              f -> {
                                if (f instanceof BinaryWebSocketFrame) {
                                  byte[] b = ByteBufUtil.getBytes(f.content());
                                  try {
                                    in.add(MessageCodec.decodeRelayFrame(b, 1 << 20));
                                  } catch (RuntimeException e) {
                                    in.add(b);
                                  }
                                } else if (f instanceof CloseWebSocketFrame c) {
                                  in.add("close:" + c.statusCode() + ":" + c.reasonText());
                                }
                              })
                          .then());
                })
            .doFinally(s -> in.add("closed"))
            .subscribe(null, e -> in.add("error:" + e));
  }

  public void sendBytes(byte[] bytes) {
    out.emitNext(
        new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)),
        Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
  }

  public void send(Frame frame) {
    sendBytes(MessageCodec.encode(frame));
  }

  public void sendText(String text) {
    out.emitNext(
        new TextWebSocketFrame(text), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
  }

  /** The next thing received: a {@link Frame}, raw bytes, or a close/closed/error string. */
  public Object next() throws InterruptedException {
    Object o = in.poll(30, TimeUnit.SECONDS);
    if (o == null) {
      throw new AssertionError("nothing received within 30 s");
    }
    return o;
  }

  @Override
  public void close() {
    connection.dispose();
  }
}
