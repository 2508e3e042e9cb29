package io.chatrelay.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.transport.ConnectOptions;
import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.OwnerAction;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.message.Accepted;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.LogEntry;
import io.chatrelay.codec.message.Ok;
import io.chatrelay.codec.message.Posted;
import io.chatrelay.codec.message.Publish;
import io.chatrelay.codec.message.Queued;
import io.chatrelay.codec.message.RelayMessage;
import io.chatrelay.codec.message.Subscribe;
import io.chatrelay.server.RelayServer;
import io.chatrelay.server.config.Cluster;
import io.chatrelay.server.config.RelayConfig;
import io.chatrelay.server.config.TlsMode;
import io.chatrelay.server.testing.TestGroup;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Three relay instances behind one relay address: one identity, one database, a cluster bus between
 * them (PostgreSQL LISTEN/NOTIFY, and NATS when a NATS server listens on 127.0.0.1:4222; without
 * one the NATS cases are reported as skipped, not passed).
 */
@ExtendWith(TestDatabaseExtension.class)
class ClusterIT {
  private static final Duration T = Duration.ofSeconds(30);
  private final List<RelayServer> instances = new ArrayList<>();
  private final List<RelayConnection> connections = new ArrayList<>();
  private TestDatabase db;

  @AfterEach
  void tearDown() {
    connections.forEach(RelayConnection::close);
    instances.forEach(RelayServer::close);
  }

  private void start(TestDatabase database, String bus, int n) throws Exception {
    db = database;
    if (bus.equals("nats")) {
      Assumptions.assumeTrue(natsListening(), "no NATS server on 127.0.0.1:4222");
    }
    for (int i = 0; i < n; i++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      RelayConfig config =
          RelayConfig.defaults()
              .withListen("127.0.0.1", port)
              .withPublicHosts(List.of("127.0.0.1"))
              .withTls(TlsMode.PLAIN)
              .withCluster(new Cluster(bus, "nats://127.0.0.1:4222"));
      instances.add(RelayServer.start(config, database.config()));
    }
  }

  private static boolean natsListening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 4222), 500);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private RelayConnection connect(int instance) {
    var server = ((RelayShortLink) Links.parse(instances.get(instance).address())).server();
    RelayConnection c =
        RelayConnection.connect(server, ConnectOptions.defaults().withPlain(true)).block(T);
    connections.add(c);
    return c;
  }

  private RelayEntry onboard(TestGroup g, int via) {
    RelayConnection c = connect(via);
    RelayEntry entry =
        ((Accepted)
                c.request(g.invite(instances.get(via).keys().keyHash(), c.serverNonce())).block(T))
            .address();
    g.addRelay(entry);
    assertThat(c.request(g.update(entry.addressId())).block(T)).isInstanceOf(Ok.class);
    return entry;
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "nats"})
  void instancesShareOneIdentityAndAddress(String bus, TestDatabase database) throws Exception {
    start(database, bus, 3);
    Set<String> addresses =
        instances.stream()
            .map(RelayServer::address)
            .map(a -> a.replaceAll("\\?p=\\d+", ""))
            .collect(Collectors.toSet());
    assertThat(addresses).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "nats"})
  void postsAcceptedOnOneInstanceReachSubscribersOnAnotherInOrder(String bus, TestDatabase database)
      throws Exception {
    start(database, bus, 3);
    Random random = new Random(bus.hashCode() * 31L + 5);
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "cluster " + bus);
    Bytes address = Bytes.of(onboard(g, 0).addressId());
    Ed25519KeyPair key = TestGroup.key(random);
    RelayConnection member = connect(1);
    member.request(Join.sign(address, key, Optional.empty())).block(T);
    member.events().ofType(Joined.class).next().block(T);
    member.request(Subscribe.sign(address, key, 1, member.serverNonce())).block(T);

    // Posts go to instances 0 and 2, concurrently; the member reads through instance 1.
    RelayConnection a = connect(0);
    RelayConnection c = connect(2);
    int total = 120;
    List<Long> seqs =
        Flux.range(0, total)
            .flatMap(
                i -> {
                  synchronized (g) {
                    return (i % 2 == 0 ? a : c).request(new Publish(address, g.post("p" + i)));
                  }
                },
                8)
            .map(m -> ((Posted) m).seq())
            .collectList()
            .block(T);
    assertThat(new HashSet<>(seqs)).hasSize(total);
    List<Long> delivered =
        member.events().ofType(Deliver.class).map(Deliver::seq).take(total).collectList().block(T);
    List<Long> expected = new ArrayList<>();
    for (long s = 1; s <= total; s++) {
      expected.add(s);
    }
    assertThat(delivered).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "nats"})
  void joinsSpreadOverInstancesAreAdmittedOnceEachAndAnsweredWhereTheyWereMade(
      String bus, TestDatabase database) throws Exception {
    start(database, bus, 3);
    Random random = new Random(bus.hashCode() * 31L + 6);
    TestGroup g = new TestGroup(random, GroupType.GROUP, "joins " + bus);
    Bytes address = Bytes.of(onboard(g, 0).addressId());
    List<Ed25519KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add(TestGroup.key(random));
    }
    List<RelayConnection> conns = List.of(connect(0), connect(1), connect(2));
    // Every key joins twice, on two different instances.
    List<Joined> answers =
        Flux.range(0, 60)
            .parallel(6)
            .runOn(Schedulers.boundedElastic())
            .flatMap(
                i -> {
                  RelayConnection conn = conns.get(i % 3);
                  Ed25519KeyPair k = keys.get(i % 30);
                  return conn.request(Join.sign(address, k, Optional.empty()))
                      .flatMap(
                          m ->
                              m instanceof Queued
                                  ? conn.events()
                                      .ofType(Joined.class)
                                      .filter(j -> j.addressId().equals(address))
                                      .next()
                                  : reactor.core.publisher.Mono.error(new AssertionError(m)));
                })
            .sequential()
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(answers).hasSize(60);
    // A JOINED answers any join of this address on its connection, so the answers can all be in
    // before the last join is processed: wait for the queue to drain, then count members.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (db.queryLong(
                "SELECT count(*) FROM pending_joins WHERE group_id = ? AND status <> 'admitted'",
                (Object) g.groupId())
            > 0
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(
            db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", (Object) g.groupId()))
        .isEqualTo(30);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "nats"})
  void anOwnerFollowingTheLogOnOneInstanceGetsAdmissionsMadeThroughAnother(
      String bus, TestDatabase database) throws Exception {
    start(database, bus, 2);
    Random random = new Random(bus.hashCode() * 31L + 9);
    TestGroup g = new TestGroup(random, GroupType.GROUP, "log " + bus);
    RelayEntry entry = onboard(g, 0);
    Bytes address = Bytes.of(entry.addressId());
    RelayConnection owner = connect(1);
    BlockingQueue<LogEntry> admissions = new LinkedBlockingQueue<>();
    owner
        .events()
        .ofType(LogEntry.class)
        .filter(e -> e.kind().equals("MEMBERS_ADMITTED"))
        .subscribe(admissions::add);
    assertThat(owner.request(g.followLog(entry.addressId())).block(T)).isInstanceOf(Ok.class);
    // Joins through the first instance, whose workers are woken by its intake; the follower is on
    // the second. Each admission's entry reaches the follower before the next join.
    RelayConnection member = connect(0);
    for (int i = 0; i < 4; i++) {
      Ed25519KeyPair key = TestGroup.key(random);
      assertThat(member.request(Join.sign(address, key, Optional.empty())).block(T))
          .isInstanceOf(Queued.class);
      LogEntry logged = admissions.poll(T.toSeconds(), TimeUnit.SECONDS);
      assertThat(logged).as("admission %d reached the follower", i).isNotNull();
      assertThat(TestGroup.admittedKeys(logged)).containsExactly(Bytes.of(key.publicKey().bytes()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "nats"})
  void concurrentInvitationsOnTwoInstancesYieldOneAddress(String bus, TestDatabase database)
      throws Exception {
    start(database, bus, 2);
    TestGroup g =
        new TestGroup(new Random(bus.hashCode() * 31L + 7), GroupType.CHANNEL, "race " + bus);
    List<RelayConnection> conns = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      conns.add(connect(i % 2));
    }
    List<RelayMessage> answers =
        Flux.fromIterable(conns)
            .parallel(20)
            .runOn(Schedulers.boundedElastic())
            .flatMap(c -> c.request(g.invite(instances.get(0).keys().keyHash(), c.serverNonce())))
            .sequential()
            .collectList()
            .block(T);
    Set<String> ids =
        answers.stream()
            .map(m -> HexFormat.of().formatHex(((Accepted) m).address().addressId()))
            .collect(Collectors.toSet());
    assertThat(ids).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "nats"})
  void anInstanceThatGoesAwayLosesNothingAcknowledged(String bus, TestDatabase database)
      throws Exception {
    start(database, bus, 2);
    Random random = new Random(bus.hashCode() * 31L + 8);
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "failover " + bus);
    RelayEntry entry = onboard(g, 0);
    Bytes address = Bytes.of(entry.addressId());
    long now = System.currentTimeMillis();
    // Hold joins (suspended) so they are still queued when instance 0 goes away.
    assertThat(
            connect(0)
                .request(g.command(entry.addressId(), new OwnerAction.SuspendJoins(), g.root, now))
                .block(T))
        .isInstanceOf(Ok.class);
    RelayConnection onA = connect(0);
    Set<String> acknowledged = new HashSet<>();
    for (int i = 0; i < 15; i++) {
      Ed25519KeyPair k = TestGroup.key(random);
      if (onA.request(Join.sign(address, k, Optional.empty())).block(T) instanceof Queued) {
        acknowledged.add(HexFormat.of().formatHex(k.publicKey().bytes()));
      }
    }
    List<Long> posted = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      posted.add(((Posted) onA.request(new Publish(address, g.post("a" + i))).block(T)).seq());
    }
    instances.remove(0).close();

    // Instance 1 takes over: resume, the queued joins are admitted there, posts are served.
    RelayConnection b = connect(0);
    assertThat(
            b.request(g.command(entry.addressId(), new OwnerAction.ResumeJoins(), g.root, now))
                .block(T))
        .isInstanceOf(Ok.class);
    long deadline = System.nanoTime() + T.toNanos();
    long members = 0;
    while (System.nanoTime() < deadline && members < acknowledged.size()) {
      members =
          db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", (Object) g.groupId());
      Thread.sleep(100);
    }
    assertThat(members).isEqualTo(acknowledged.size());
    Ed25519KeyPair reader = TestGroup.key(random);
    b.request(Join.sign(address, reader, Optional.empty())).block(T);
    b.events().ofType(Joined.class).next().block(T);
    b.request(Subscribe.sign(address, reader, 1, b.serverNonce())).block(T);
    assertThat(b.events().ofType(Deliver.class).map(Deliver::seq).take(10).collectList().block(T))
        .containsExactlyElementsOf(posted);
  }
}
