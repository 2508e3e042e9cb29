package io.chatrelay.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.transport.ConnectOptions;
import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.client.transport.RelayException;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.message.Accepted;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.Posted;
import io.chatrelay.codec.message.Publish;
import io.chatrelay.codec.message.Queued;
import io.chatrelay.codec.message.RelayMessage;
import io.chatrelay.codec.message.Subscribe;
import io.chatrelay.server.RelayServer;
import io.chatrelay.server.config.RelayConfig;
import io.chatrelay.server.config.TlsMode;
import io.chatrelay.server.testing.TestGroup;
import io.chatrelay.store.StoreConfig;
import io.chatrelay.store.postgres.EmbeddedDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops in the middle of a run and comes back: meanwhile the relay reports unhealthy and
 * answers with retryable errors; then it recovers by itself and nothing acknowledged is lost. The
 * test runs its own embedded PostgreSQL so that it can stop it.
 */
class DatabaseOutageIT {
  private static final Duration T = Duration.ofSeconds(30);

  @Test
  void theRelayRidesOutADatabaseRestart(@TempDir Path dir) throws Exception {
    int pgPort = freePort();
    int port = freePort();
    EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"), pgPort);
    RelayServer relay = null;
    List<RelayConnection> open = new ArrayList<>();
    try {
      RelayConfig config =
          RelayConfig.defaults()
              .withListen("127.0.0.1", port)
              .withPublicHosts(List.of("127.0.0.1"))
              .withTls(TlsMode.PLAIN);
      relay =
          RelayServer.start(
              config,
              StoreConfig.external(pg.url().toString()).withAcquireTimeout(Duration.ofSeconds(2)));
      var server = ((RelayShortLink) Links.parse(relay.address())).server();
      ConnectOptions plain = ConnectOptions.defaults().withPlain(true);
      Random random = new Random(21);
      TestGroup g = new TestGroup(random, GroupType.CHANNEL, "outage");
      RelayConnection owner = RelayConnection.connect(server, plain).block(T);
      open.add(owner);
      RelayEntry entry =
          ((Accepted) owner.request(g.invite(relay.keys().keyHash(), owner.serverNonce())).block(T))
              .address();
      g.addRelay(entry);
      owner.request(g.update(entry.addressId())).block(T);
      Bytes address = Bytes.of(entry.addressId());
      Ed25519KeyPair reader = TestGroup.key(random);
      RelayConnection member = RelayConnection.connect(server, plain).block(T);
      open.add(member);
      member.request(Join.sign(address, reader, Optional.empty())).block(T);
      member.events().ofType(Joined.class).next().block(T);
      List<Long> acknowledged = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        acknowledged.add(
            ((Posted) owner.request(new Publish(address, g.post("before " + i))).block(T)).seq());
      }
      assertThat(health(port)).isEqualTo(200);

      pg.close();
      await(() -> health(port) == 503, "the relay reports unhealthy");
      // Requests get a retryable error; nothing is acknowledged that is not stored.
      RelayException postError =
          error(() -> owner.request(new Publish(address, g.post("during"))).block(T));
      assertThat(postError.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(postError.retryAfterMs()).isPositive();
      RelayException joinError =
          error(
              () ->
                  member
                      .request(Join.sign(address, TestGroup.key(random), Optional.empty()))
                      .block(T));
      assertThat(joinError.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(joinError.retryable()).isTrue();

      pg = EmbeddedDatabase.start(dir.resolve("pg"), pgPort);
      await(() -> health(port) == 200, "the relay recovers by itself");
      // Served again, on the same connections.
      RelayMessage queued = null;
      for (int attempt = 0; attempt < 50 && queued == null; attempt++) {
        try {
          queued =
              member.request(Join.sign(address, TestGroup.key(random), Optional.empty())).block(T);
        } catch (RelayException e) {
          assertThat(e.retryable()).isTrue();
          Thread.sleep(e.retryAfterMs());
        }
      }
      assertThat(queued).isInstanceOf(Queued.class);
      for (int i = 0; i < 5; i++) {
        acknowledged.add(
            ((Posted) owner.request(new Publish(address, g.post("after " + i))).block(T)).seq());
      }
      // Everything acknowledged is there, in order, with no gap.
      member.request(Subscribe.sign(address, reader, 1, member.serverNonce())).block(T);
      List<Long> delivered =
          member
              .events()
              .ofType(Deliver.class)
              .map(Deliver::seq)
              .take(acknowledged.size())
              .collectList()
              .block(T);
      assertThat(delivered).containsExactlyElementsOf(acknowledged);
      assertThat(acknowledged)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
    } finally {
      open.forEach(RelayConnection::close);
      if (relay != null) {
        relay.close();
      }
      pg.close();
    }
  }

  private static RelayException error(Runnable call) {
    try {
      call.run();
    } catch (RelayException e) {
      return e;
    }
    throw new AssertionError("expected a relay error");
  }

  private static int health(int port) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + T.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
