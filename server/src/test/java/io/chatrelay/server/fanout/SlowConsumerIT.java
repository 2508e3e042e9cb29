package io.chatrelay.server.fanout;

import static io.chatrelay.server.testing.RelayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.message.ClientHello;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.Publish;
import io.chatrelay.codec.message.RelayHello;
import io.chatrelay.codec.message.Subscribe;
import io.chatrelay.codec.message.Subscribed;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.server.testing.TestGroup;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * A subscriber that stops reading is disconnected once its outbound buffer is full, memory stays
 * bounded, other subscribers keep receiving, and the slow one resumes from its last sequence number
 * on a new connection without a gap.
 */
@ExtendWith(TestDatabaseExtension.class)
class SlowConsumerIT {
  private RelayFixture fx;

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void aStalledReaderIsDisconnectedAndResumesWithoutAGap(TestDatabase db) throws Exception {
    fx = new RelayFixture(db);
    fx.start(
        c ->
            c.withLimits(
                c.limits().toBuilder()
                    .outboundBufferFrames(64)
                    .postsPerSecondPerGroup(100_000)
                    .build()));
    Random random = new Random(11);
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "firehose");
    RelayConnection owner = fx.connect();
    RelayEntry entry = fx.onboard(g);
    Bytes address = Bytes.of(entry.addressId());

    Ed25519KeyPair slowKey = TestGroup.key(random);
    Ed25519KeyPair fastKey = TestGroup.key(random);
    for (Ed25519KeyPair k : List.of(slowKey, fastKey)) {
      RelayConnection c = fx.connect();
      c.request(Join.sign(address, k, Optional.empty())).block(TIMEOUT);
      c.events().ofType(Joined.class).next().block(TIMEOUT);
    }
    RelayConnection fast = fx.connect();
    fast.request(Subscribe.sign(address, fastKey, 1, fast.serverNonce())).block(TIMEOUT);

    // The slow reader: handshake and subscribe by hand, then stop reading the socket.
    AtomicBoolean stalled = new AtomicBoolean();
    AtomicReference<Long> lastSeq = new AtomicReference<>(0L);
    CompletableFuture<Void> closed = new CompletableFuture<>();
    Sinks.Many<WebSocketFrame> out = Sinks.many().unicast().onBackpressureBuffer();
    byte[] clientNonce = new byte[32];
    Disposable slow =
        HttpClient.create()
            .host("127.0.0.1")
            .port(fx.relay().port())
            .websocket()
            .uri("/ws")
            .handle(
                (in, o) -> {
                  out.tryEmitNext(
                      frame(new ClientHello(MessageCodec.SUPPORTED, Bytes.of(clientNonce))));
                  return Mono.firstWithSignal(
                      o.sendObject(out.asFlux()).then(),
                      in.receiveFrames()
                          .map(
                              f ->
                                  MessageCodec.decodeRelayFrame(
                                      ByteBufUtil.getBytes(f.content()), 1 << 20))
                          .concatMap(
                              f -> {
                                if (f.message() instanceof RelayHello h) {
                                  out.tryEmitNext(
                                      frame(
                                          Subscribe.sign(
                                              address, slowKey, 1, h.serverNonce().toByteArray())));
                                } else if (f.message() instanceof Subscribed) {
                                  stalled.set(true);
                                } else if (f.message() instanceof Deliver d) {
                                  lastSeq.set(d.seq());
                                }
                                // After a few deliveries, stop asking for more: TCP fills up.
                                return stalled.get() && lastSeq.get() >= 3
                                    ? Mono.never()
                                    : Mono.just(f);
                              },
                              1)
                          .then());
                })
            .doFinally(s -> closed.complete(null))
            .subscribe(null, e -> closed.complete(null));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!stalled.get() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(stalled).isTrue();

    double openBefore = fx.relay().metrics().registry().get("relay.connections").gauge().value();

    // 8 KiB posts until the relay gives up on the stalled reader.
    String body = "x".repeat(8 * 1024);
    int posted = 0;
    while (fx.relay().metrics().registry().find("relay.slow.consumers").counter() == null
        || fx.relay().metrics().registry().find("relay.slow.consumers").counter().count() < 1) {
      owner.request(new Publish(address, g.post(body + posted))).block(TIMEOUT);
      posted++;
      assertThat(posted).as("posts before the slow reader is dropped").isLessThan(5000);
    }
    for (int i = 0; i < 20; i++) {
      owner.request(new Publish(address, g.post("after " + i))).block(TIMEOUT);
      posted++;
    }
    // The relay closes the connection itself, though its reader still reads nothing: a close
    // frame stuck behind the unread writes must not keep the connection (and its buffer) open.
    long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (fx.relay().metrics().registry().get("relay.connections").gauge().value() >= openBefore
        && System.nanoTime() < closeDeadline) {
      Thread.sleep(20);
    }
    assertThat(fx.relay().metrics().registry().get("relay.connections").gauge().value())
        .as("connections the relay holds after cutting the stalled reader")
        .isEqualTo(openBefore - 1);
    slow.dispose();
    closed.get(30, TimeUnit.SECONDS);

    // The fast reader got everything, in order.
    List<Long> fastSeqs =
        fast.events()
            .ofType(Deliver.class)
            .map(Deliver::seq)
            .take(posted)
            .collectList()
            .block(TIMEOUT);
    assertThat(fastSeqs).hasSize(posted).isSorted().doesNotHaveDuplicates();

    // The slow reader resumes after the last post it saw, on a new connection: no gap.
    long resumeFrom = lastSeq.get() + 1;
    RelayConnection again = fx.connect();
    again.request(Subscribe.sign(address, slowKey, resumeFrom, again.serverNonce())).block(TIMEOUT);
    List<Long> rest =
        again
            .events()
            .ofType(Deliver.class)
            .map(Deliver::seq)
            .take(posted - resumeFrom + 1)
            .collectList()
            .block(Duration.ofSeconds(60));
    List<Long> expected = new ArrayList<>();
    for (long s = resumeFrom; s <= posted; s++) {
      expected.add(s);
    }
    assertThat(rest).containsExactlyElementsOf(expected);
  }

  private static WebSocketFrame frame(io.chatrelay.codec.message.Message m) {
    return new BinaryWebSocketFrame(
        Unpooled.wrappedBuffer(MessageCodec.encode(new Frame(1, new byte[] {1}, m))));
  }
}
