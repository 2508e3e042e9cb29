package io.chatrelay.server.transport;

import static io.chatrelay.server.testing.RelayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.Ping;
import io.chatrelay.codec.message.Pong;
import io.chatrelay.codec.message.Posted;
import io.chatrelay.codec.message.Publish;
import io.chatrelay.codec.message.Queued;
import io.chatrelay.codec.message.RelayMessage;
import io.chatrelay.server.RelayServer;
import io.chatrelay.server.config.RelayConfig;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.server.testing.TestGroup;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@ExtendWith(TestDatabaseExtension.class)
class GracefulShutdownIT {
  private RelayFixture fx;

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void closingStopsAcceptingClosesConnectionsAndTheStore(TestDatabase db) {
    fx = new RelayFixture(db);
    RelayServer relay = fx.start();
    RelayConnection c = fx.connect();
    assertThat(c.request(new Ping()).block(TIMEOUT)).isInstanceOf(Pong.class);
    relay.close();
    c.onClose().block(TIMEOUT);
    assertThat(c.isOpen()).isFalse();
    assertThat(relay.store().ping().block(TIMEOUT)).isFalse();
    assertThatThrownBy(fx::connect).isNotNull();
    relay.close(); // idempotent
  }

  /**
   * A post whose append is under way when the relay is told to stop (the test holds the append on a
   * table lock) is stored and answered before its connection is closed; before, the connection was
   * closed first and the append cut off with it.
   */
  @Test
  void aPostInFlightAtShutdownIsStoredAndAnsweredBeforeItsConnectionCloses(TestDatabase db)
      throws Exception {
    Member m = memberOfANewGroup(db, 21);
    RelayConnection c = m.connection();
    c.request(Join.sign(m.address(), m.key(), Optional.empty())).block(TIMEOUT);
    c.events().ofType(Joined.class).next().block(TIMEOUT);
    TestGroup g = m.group();
    Post post = Post.sign(g.groupId(), g.bytes(16), m.key(), 1, System.currentTimeMillis(), "last");

    RelayMessage answer =
        answeredAcrossShutdown(
            db,
            c,
            "relay_groups",
            "%INSERT INTO posts%",
            () -> c.request(new Publish(m.address(), post)));

    assertThat(answer).isInstanceOf(Posted.class);
    assertThat(((Posted) answer).seq()).isEqualTo(1);
    assertThat(count(db, "SELECT count(*) FROM posts WHERE group_id = ?", g.groupId())).isOne();
  }

  /** The same for a join whose intake INSERT is under way: it is queued and answered QUEUED. */
  @Test
  void aJoinInFlightAtShutdownIsQueuedAndAnsweredBeforeItsConnectionCloses(TestDatabase db)
      throws Exception {
    Member m = memberOfANewGroup(db, 22);
    Ed25519KeyPair member = m.key();

    RelayMessage answer =
        answeredAcrossShutdown(
            db,
            m.connection(),
            "pending_joins",
            "%INSERT INTO pending_joins%",
            () -> m.connection().request(Join.sign(m.address(), member, Optional.empty())));

    assertThat(answer).isInstanceOf(Queued.class);
    assertThat(
            count(
                db,
                "SELECT count(*) FROM pending_joins WHERE member_key = ?",
                member.publicKey().bytes()))
        .isOne();
  }

  /**
   * A member streams posts (16 pipelined) and the relay is stopped after the 50th is answered: the
   * posts stored are exactly those answered {@code POSTED}, under the numbers they were told. None
   * is stored unanswered (a client would then not know it can stop sending it) and none answered is
   * missing. Before the drain, the posts in the append under way when the connections were closed
   * were stored without an answer.
   */
  @Test
  void thePostsStoredAcrossAShutdownAreExactlyThoseAnswered(TestDatabase db) throws Exception {
    Member m =
        memberOfANewGroup(
            db,
            23,
            c -> c.withLimits(c.limits().toBuilder().postsPerSecondPerGroup(100_000).build()));
    TestGroup g = m.group();
    Bytes address = m.address();
    Ed25519KeyPair member = m.key();
    RelayConnection c = m.connection();
    c.request(Join.sign(address, member, Optional.empty())).block(TIMEOUT);
    c.events().ofType(Joined.class).next().block(TIMEOUT);
    List<Post> posts = new ArrayList<>();
    for (int i = 1; i <= 400; i++) {
      posts.add(
          Post.sign(g.groupId(), g.bytes(16), member, i, System.currentTimeMillis(), "p" + i));
    }
    Map<Bytes, Long> answered = new ConcurrentHashMap<>();
    CompletableFuture<Void> closing = new CompletableFuture<>();
    RelayServer relay = fx.relay();

    Flux.fromIterable(posts)
        .flatMap(
            p ->
                c.request(new Publish(address, p))
                    .doOnNext(
                        reply -> {
                          if (reply instanceof Posted posted) {
                            answered.put(Bytes.of(p.postId()), posted.seq());
                            if (answered.size() == 50) {
                              CompletableFuture.runAsync(relay::close)
                                  .whenComplete((v, e) -> closing.complete(null));
                            }
                          }
                        })
                    .onErrorResume(e -> Mono.empty()),
            16)
        .then()
        .block(TIMEOUT);
    closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    Map<Bytes, Long> stored = new HashMap<>();
    try (Connection j = db.jdbc();
        PreparedStatement ps =
            j.prepareStatement("SELECT post_id, seq FROM posts WHERE group_id = ?")) {
      ps.setBytes(1, g.groupId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.put(Bytes.of(rs.getBytes(1)), rs.getLong(2));
        }
      }
    }
    assertThat(answered).hasSizeGreaterThanOrEqualTo(50);
    assertThat(stored).isEqualTo(answered);
  }

  /** A member key of a new group on a started relay, and a connection, not yet joined. */
  private record Member(
      TestGroup group, Bytes address, Ed25519KeyPair key, RelayConnection connection) {}

  private Member memberOfANewGroup(TestDatabase db, long seed) {
    return memberOfANewGroup(db, seed, UnaryOperator.identity());
  }

  private Member memberOfANewGroup(
      TestDatabase db, long seed, UnaryOperator<RelayConfig> customize) {
    fx = new RelayFixture(db);
    fx.start(customize);
    TestGroup g = new TestGroup(new Random(seed), GroupType.GROUP, "stopping");
    Bytes address = Bytes.of(fx.onboard(g).addressId());
    return new Member(g, address, TestGroup.key(g.random), fx.connect());
  }

  /**
   * Sends a request while {@code table} is locked, waits until its statement ({@code statement}, a
   * LIKE pattern) waits on the lock, and stops the relay. For half a second the relay must keep the
   * connection open and not return from closing, while {@code /health} answers 503 (a load balancer
   * sends new members elsewhere); then the lock is released. Returns the answer.
   */
  private RelayMessage answeredAcrossShutdown(
      TestDatabase db,
      RelayConnection c,
      String table,
      String statement,
      java.util.function.Supplier<Mono<RelayMessage>> request)
      throws Exception {
    CompletableFuture<RelayMessage> answer;
    CompletableFuture<Void> closing;
    try (Connection lock = db.jdbc();
        Connection watch = db.jdbc()) {
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        st.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
      }
      answer = request.get().toFuture();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (waitingOnLock(watch, statement) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(waitingOnLock(watch, statement)).as("statements waiting on the lock").isOne();
      int port = fx.relay().port();
      closing = CompletableFuture.runAsync(fx.relay()::close);
      Thread.sleep(500);
      assertThat(c.isOpen()).as("connection open while its request is in flight").isTrue();
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as("/health while shutting down").isEqualTo(503);
      assertThat(health.body()).isEqualTo("shutting down\n");
      assertThat(answer).isNotDone();
      assertThat(closing).isNotDone();
      lock.rollback();
    }
    RelayMessage got = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    c.onClose().block(TIMEOUT);
    return got;
  }

  private static int waitingOnLock(Connection watch, String statement) throws Exception {
    try (PreparedStatement ps =
        watch.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND datname = current_database()"
                + " AND query LIKE ?")) {
      ps.setString(1, statement);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static long count(TestDatabase db, String sql, byte[] key) throws Exception {
    try (Connection j = db.jdbc();
        PreparedStatement ps = j.prepareStatement(sql)) {
      ps.setBytes(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
