package io.chatrelay.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.message.Pong;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class RelaySessionTest {
  private final RelaySession session =
      new RelaySession("c", "test", 1024, new EmbeddedChannel(), n -> {}, () -> {});

  @Test
  void aBusyAnswerHoldsTheConnectionForItsRetryDelay() {
    long readAt = System.nanoTime();
    StepVerifier.withVirtualTime(() -> session.holdOff(readAt, 250))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(249))
        .thenAwait(Duration.ofMillis(1))
        .verifyComplete();
  }

  @Test
  void framesTakenInDuringAHoldDoNotHoldAgainButLaterOnesDo() {
    long first = System.nanoTime();
    StepVerifier.withVirtualTime(() -> session.holdOff(first, 10_000))
        .thenAwait(Duration.ofSeconds(10))
        .verifyComplete();
    // Read within the hold just set (pipelined behind the first): answered at once.
    StepVerifier.create(session.holdOff(first + 1, 10_000)).expectComplete().verify(Duration.ZERO);
    // Read after the hold's end: held again.
    long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(11);
    StepVerifier.withVirtualTime(() -> session.holdOff(later, 100))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(99))
        .thenAwait(Duration.ofMillis(1))
        .verifyComplete();
  }

  @Test
  void noRetryDelayNoHold() {
    StepVerifier.create(session.holdOff(System.nanoTime(), 0))
        .expectComplete()
        .verify(Duration.ZERO);
  }

  @Test
  void answersWaitingForABusyEventLoopDoNotMakeTheirReaderASlowConsumer() throws Exception {
    // A publisher's acknowledgements come from the store's thread, a batch at a time; when the
    // connection's event loop is busy they wait for it. The reader has done nothing wrong: it is
    // not cut, and every answer reaches it once the loop runs.
    int limit = 4;
    int answers = 10 * limit;
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    AtomicInteger received = new AtomicInteger();
    CompletableFuture<Channel> accepted = new CompletableFuture<>();
    LocalAddress address = new LocalAddress("relay-session-test-" + System.nanoTime());
    try {
      Channel server =
          new ServerBootstrap()
              .group(loops)
              .channel(LocalServerChannel.class)
              .childHandler(
                  new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                      accepted.complete(ch);
                    }
                  })
              .bind(address)
              .sync()
              .channel();
      Channel client =
          new Bootstrap()
              .group(loops)
              .channel(LocalChannel.class)
              .handler(
                  new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                      received.incrementAndGet();
                      ((ByteBuf) msg).release();
                    }
                  })
              .connect(address)
              .sync()
              .channel();
      Channel relaySide = accepted.get(10, TimeUnit.SECONDS);
      AtomicInteger cut = new AtomicInteger();
      RelaySession s =
          new RelaySession("c1", "test", limit, relaySide, n -> {}, cut::incrementAndGet);

      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch busy = new CountDownLatch(1);
      relaySide
          .eventLoop()
          .execute(
              () -> {
                busy.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      busy.await(10, TimeUnit.SECONDS);
      for (int i = 0; i < answers; i++) {
        s.reply(new byte[] {(byte) i}, new Pong());
      }
      assertThat(cut).as("slow-consumer disconnections while the loop was busy").hasValue(0);
      release.countDown();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (received.get() < answers && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(received).hasValue(answers);
      assertThat(cut).hasValue(0);
      assertThat(s.isClosed()).isFalse();
      client.close().sync();
      server.close().sync();
    } finally {
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
