package io.chatrelay.server.limits;

import static io.chatrelay.server.testing.RelayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.message.ClientHello;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.Ping;
import io.chatrelay.codec.message.Pong;
import io.chatrelay.codec.message.Posted;
import io.chatrelay.codec.message.Publish;
import io.chatrelay.codec.message.RelayHello;
import io.chatrelay.codec.message.RelayMessage;
import io.chatrelay.codec.message.Subscribe;
import io.chatrelay.codec.message.Subscribed;
import io.chatrelay.server.testing.RawSocket;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.server.testing.TestGroup;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import io.micrometer.core.instrument.Gauge;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/**
 * Hostile connection patterns stay within their limits: connections that never speak are closed,
 * one address cannot take more than its share, one connection cannot hold unbounded subscriptions;
 * threads stay constant and others keep being served.
 */
@ExtendWith(TestDatabaseExtension.class)
class ResourceLimitsIT {
  private RelayFixture fx;

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void silentConnectionsAreClosedAfterTheHandshakeTimeout(TestDatabase db) throws Exception {
    fx = new RelayFixture(db);
    fx.start(
        c -> c.withLimits(c.limits().toBuilder().handshakeTimeout(Duration.ofSeconds(2)).build()));
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    // Slow loris: 200 connections open the WebSocket and never send HELLO.
    List<RawSocket> silent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      silent.add(new RawSocket("127.0.0.1", fx.relay().port(), 1 << 16));
    }
    java.util.Map<String, Integer> closes = new java.util.TreeMap<>();
    for (RawSocket s : silent) {
      closes.merge(s.next().toString(), 1, Integer::sum);
      s.close();
    }
    // Every one was closed by the relay (s.next() fails after 30 s otherwise) and none is left
    // open; most closes are counted as timeouts (a few are closed by Reactor Netty first, so the
    // count is not exact; the closing is).
    assertThat(closes.keySet()).allMatch(k -> k.startsWith("close:"), closes.toString());
    assertThat(fx.relay().metrics().registry().get("relay.connections.timeouts").counter().count())
        .isGreaterThan(100.0);
    assertThat(fx.relay().metrics().registry().get("relay.connections").gauge().value())
        .isLessThanOrEqualTo(1.0);
    // Threads do not grow with connections (event loops only).
    assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
        .isLessThanOrEqualTo(threadsBefore + 8);
    assertThat(fx.connect().request(new Ping()).block(TIMEOUT)).isInstanceOf(Pong.class);
  }

  @Test
  void aConnectionThatFallsSilentAfterItsHelloIsClosedAfterTheIdleTimeout(TestDatabase db)
      throws Exception {
    fx = new RelayFixture(db);
    fx.start(c -> c.withLimits(c.limits().toBuilder().idleTimeout(Duration.ofSeconds(1)).build()));
    RawSocket s = new RawSocket("127.0.0.1", fx.relay().port(), 1 << 16);
    s.send(
        new Frame(
            1, new byte[] {1}, new ClientHello(MessageCodec.SUPPORTED, Bytes.of(new byte[32]))));
    assertThat(((Frame) s.next()).message()).isInstanceOf(RelayHello.class);
    long start = System.nanoTime();
    assertThat(s.next()).isEqualTo("close:1001:timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
    assertThat(fx.relay().metrics().registry().get("relay.connections.timeouts").counter().count())
        .isEqualTo(1.0);
    s.close();
  }

  @Test
  void framesOtherThanHelloDoNotExtendTheHandshakeDeadline(TestDatabase db) throws Exception {
    fx = new RelayFixture(db);
    fx.start(
        c -> c.withLimits(c.limits().toBuilder().handshakeTimeout(Duration.ofSeconds(1)).build()));
    RawSocket s = new RawSocket("127.0.0.1", fx.relay().port(), 1 << 16);
    // A frame every 100 ms, none of them a HELLO: each is answered, and the deadline holds.
    Object got = null;
    for (int i = 0; i < 100 && !(got instanceof String); i++) {
      s.sendBytes(new byte[] {0, 1, 0});
      got = s.next();
      Thread.sleep(100);
    }
    while (!(got instanceof String)) {
      got = s.next();
    }
    assertThat(got).isEqualTo("close:1001:timeout");
    s.close();
  }

  @Test
  void oneAddressCannotTakeMoreThanItsShare(TestDatabase db) throws Exception {
    fx = new RelayFixture(db);
    fx.start(c -> c.withLimits(c.limits().toBuilder().maxConnectionsPerAddress(30).build()));
    List<RelayConnection> admitted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      admitted.add(fx.connect());
    }
    for (int i = 0; i < 10; i++) {
      try (RawSocket s = new RawSocket("127.0.0.1", fx.relay().port(), 1 << 16)) {
        assertThat(s.next().toString()).startsWith("close:1013");
      }
    }
    // Those already connected are served; a freed place is taken again.
    assertThat(admitted.get(0).request(new Ping()).block(TIMEOUT)).isInstanceOf(Pong.class);
    admitted.get(1).close();
    admitted.get(1).onClose().block(TIMEOUT);
    RelayConnection again = null;
    for (int attempt = 0; attempt < 50 && again == null; attempt++) {
      try {
        again = fx.connect();
      } catch (RuntimeException e) {
        Thread.sleep(100); // the relay sees the close a moment after the client
      }
    }
    assertThat(again).isNotNull();
    assertThat(fx.relay().metrics().scrape())
        .contains(
            "relay_connections_refused_total{reason=\"too many connections from this address\"}");
  }

  @Test
  void subscriptionsPerConnectionAreCapped(TestDatabase db) {
    fx = new RelayFixture(db);
    fx.start(c -> c.withLimits(c.limits().toBuilder().maxSubscriptionsPerConnection(3).build()));
    Random random = new Random(9);
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "many subs");
    RelayEntry entry = fx.onboard(g);
    Bytes address = Bytes.of(entry.addressId());
    Ed25519KeyPair key = TestGroup.key(random);
    RelayConnection c = fx.connect();
    c.request(Join.sign(address, key, Optional.empty())).block(TIMEOUT);
    c.events().ofType(Joined.class).next().block(TIMEOUT);
    for (int i = 0; i < 3; i++) {
      assertThat(c.request(Subscribe.sign(address, key, 1, c.serverNonce())).block(TIMEOUT))
          .isInstanceOf(Subscribed.class);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> c.request(Subscribe.sign(address, key, 1, c.serverNonce())).block(TIMEOUT))
        .isInstanceOfSatisfying(
            io.chatrelay.client.transport.RelayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT));
  }

  /**
   * While its requests are held (the test locks the members table, so a member's post cannot be
   * checked), a connection has its pipelined window taken in, plus the one frame waiting to enter
   * it, and no more: the relay stops reading it. Released, every post is stored and answered in the
   * order sent.
   */
  @Test
  void aConnectionHasNoMoreRequestsInProgressThanItsWindow(TestDatabase db) throws Exception {
    fx = new RelayFixture(db);
    fx.start(c -> c.withLimits(c.limits().toBuilder().pipelinedRequests(4).build()));
    assertRequestsHeld(db, new Random(11), 20, 40, 4 + 1);
  }

  /**
   * Large requests are taken in only while those waiting hold less than one maximum frame: with
   * 4,096 bytes and posts of about 1,900, two are held however large the window.
   */
  @Test
  void largeRequestsAreTakenInOnlyWhileTheWaitingOnesLeaveRoom(TestDatabase db) throws Exception {
    fx = new RelayFixture(db);
    fx.start(
        c ->
            c.withLimits(c.limits().toBuilder().maxFrameBytes(4096).pipelinedRequests(64).build()));
    assertRequestsHeld(db, new Random(12), 20, 1700, 2);
  }

  /**
   * A member sends {@code posts} posts of {@code textBytes} at once while they cannot be checked.
   */
  private void assertRequestsHeld(
      TestDatabase db, Random random, int posts, int textBytes, int held) throws Exception {
    TestGroup g = new TestGroup(random, GroupType.GROUP, "held");
    Bytes address = Bytes.of(fx.onboard(g).addressId());
    Ed25519KeyPair member = TestGroup.key(random);
    RelayConnection c = fx.connect();
    c.request(Join.sign(address, member, Optional.empty())).block(TIMEOUT);
    c.events().ofType(Joined.class).next().block(TIMEOUT);
    String text = "x".repeat(textBytes);
    List<Publish> publishes = new ArrayList<>();
    for (int i = 1; i <= posts; i++) {
      publishes.add(
          new Publish(
              address,
              Post.sign(g.groupId(), g.bytes(16), member, i, System.currentTimeMillis(), text)));
    }
    Gauge inProgress = fx.relay().metrics().registry().get("relay.requests.in.progress").gauge();
    assertThat(inProgress.value()).isZero();
    CompletableFuture<List<RelayMessage>> answers;
    try (Connection lock = db.jdbc()) {
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        st.execute("LOCK TABLE members IN ACCESS EXCLUSIVE MODE");
      }
      answers =
          Flux.fromIterable(publishes).flatMapSequential(c::send, posts).collectList().toFuture();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (inProgress.value() < held && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      // Every post reached the relay's socket long before this; none beyond the bound was read.
      Thread.sleep(500);
      assertThat(inProgress.value()).as("requests taken in").isEqualTo(held);
      assertThat(answers).isNotDone();
      lock.rollback();
    }
    List<RelayMessage> got = answers.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(got)
        .extracting(m -> ((Posted) m).seq())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, posts).boxed().toList());
    assertThat(inProgress.value()).isZero();
  }
}
