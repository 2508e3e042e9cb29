package io.chatrelay.load;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The ceiling of our own stack: a Reactor Netty WebSocket server that writes every binary frame it
 * receives, encoded once, to every other connection. No protocol, no store, no checks: what the
 * relay's fan-out is measured against.
 */
public final class BareBroadcastServer {
  private BareBroadcastServer() {}

  public static DisposableServer start(String host, int port) {
    ChannelGroup all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    return HttpServer.create()
        .host(host)
        .port(port)
        // As the relay does: consolidate flushes, one write syscall for many frames.
        .doOnChannelInit(
            (observer, channel, remote) ->
                channel
                    .pipeline()
                    .addFirst(
                        "flush-consolidation",
                        new io.netty.handler.flush.FlushConsolidationHandler(256, true)))
        .route(
            r ->
                r.ws(
                    "/ws",
                    (in, out) -> {
                      Channel[] self = new Channel[1];
                      in.withConnection(
                          c -> {
                            self[0] = c.channel();
                            all.add(c.channel());
                          });
                      return in.receiveFrames()
                          .doOnNext(
                              f -> {
                                if (f instanceof BinaryWebSocketFrame) {
                                  all.writeAndFlush(
                                      new BinaryWebSocketFrame(f.content().retain()),
                                      ChannelMatchers.isNot(self[0]),
                                      true);
                                }
                              })
                          .then();
                    },
                    WebsocketServerSpec.builder().maxFramePayloadLength(1 << 20).build()))
        .bindNow();
  }
}
