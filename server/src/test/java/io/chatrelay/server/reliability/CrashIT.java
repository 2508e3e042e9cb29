package io.chatrelay.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.transport.ConnectOptions;
import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.message.Accepted;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.Posted;
import io.chatrelay.codec.message.Publish;
import io.chatrelay.codec.message.Queued;
import io.chatrelay.codec.message.Subscribe;
import io.chatrelay.server.testing.TestGroup;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay process is killed with SIGKILL at random moments during a join storm and a post stream,
 * at least ten times, and restarted each time. Afterwards every acknowledged join is admitted
 * exactly once and every acknowledged post reaches every subscribed member exactly once after
 * de-duplication. The test prints the counts it checked and its seed.
 */
@ExtendWith(TestDatabaseExtension.class)
class CrashIT {
  private static final Duration T = Duration.ofSeconds(30);
  private static final int KILLS = 10;

  private Process relay;
  private final AtomicBoolean running = new AtomicBoolean(true);

  @Test
  void killNineUnderLoadLosesNothingAcknowledgedAndDuplicatesNothing(
      TestDatabase db, @TempDir Path dir) throws Exception {
    long seed = Long.getLong("test.seed", 4242L);
    System.out.println("[crash] seed " + seed);
    Random random = new Random(seed);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = db.url().toString();
    Path log = dir.resolve("relay.log");
    String address = start(port, url, dir, log);
    SmpServer server = ((RelayShortLink) Links.parse(address)).server();
    byte[] keyHash = server.keyHash();

    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "crash test");
    RelayConnection owner = connect(server);
    RelayEntry entry =
        ((Accepted) owner.request(g.invite(keyHash, owner.serverNonce())).block(T)).address();
    g.addRelay(entry);
    owner.request(g.update(entry.addressId())).block(T);
    owner.close();
    Bytes addr = Bytes.of(entry.addressId());

    // Three subscribed members, joined before the storm.
    List<Reader> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Ed25519KeyPair k = TestGroup.key(random);
      RelayConnection c = connect(server);
      c.request(Join.sign(addr, k, Optional.empty())).block(T);
      c.events().ofType(Joined.class).next().block(T);
      c.close();
      readers.add(new Reader(server, addr, k, g.groupId()));
    }

    Set<String> ackedJoins = ConcurrentHashMap.newKeySet();
    Set<String> ackedPosts = ConcurrentHashMap.newKeySet();
    AtomicLong joinSeed = new AtomicLong(seed * 31);
    Thread joiner =
        loop(
            "joiner",
            () -> {
              RelayConnection c = connect(server);
              try {
                while (running.get() && c.isOpen()) {
                  Ed25519KeyPair k = TestGroup.key(new Random(joinSeed.incrementAndGet()));
                  if (c.request(Join.sign(addr, k, Optional.empty())).block(T) instanceof Queued) {
                    ackedJoins.add(HexFormat.of().formatHex(k.publicKey().bytes()));
                  }
                }
              } finally {
                c.close();
              }
            });
    Thread poster =
        loop(
            "poster",
            () -> {
              RelayConnection c = connect(server);
              try {
                while (running.get() && c.isOpen()) {
                  Post p;
                  synchronized (g) {
                    p = g.post("post at " + System.nanoTime());
                  }
                  if (c.request(new Publish(addr, p)).block(T) instanceof Posted) {
                    ackedPosts.add(HexFormat.of().formatHex(p.postId()));
                  }
                }
              } finally {
                c.close();
              }
            });
    List<Thread> readerThreads = new ArrayList<>();
    for (Reader r : readers) {
      readerThreads.add(loop("reader", r::readUntilClosed));
    }

    for (int kill = 1; kill <= KILLS; kill++) {
      Thread.sleep(300 + random.nextInt(1200));
      relay.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      start(port, url, dir, log);
    }
    Thread.sleep(500);
    running.set(false);
    joiner.join(T.toMillis());
    poster.join(T.toMillis());

    // Every acknowledged join admitted, exactly once (one member per key).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long admitted = 0;
    while (System.nanoTime() < deadline) {
      admitted = countMembers(db, g.groupId(), ackedJoins);
      if (admitted == ackedJoins.size()) {
        break;
      }
      Thread.sleep(200);
    }
    long rows =
        db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", (Object) g.groupId());
    long distinct =
        db.queryLong(
            "SELECT count(DISTINCT member_key) FROM members WHERE group_id = ?",
            (Object) g.groupId());
    // Every acknowledged post stored exactly once and delivered to every reader.
    for (Reader r : readers) {
      r.awaitAll(ackedPosts, Duration.ofSeconds(60));
    }
    for (Thread t : readerThreads) {
      t.interrupt();
    }
    readers.forEach(Reader::stop);
    long storedPosts =
        db.queryLong("SELECT count(*) FROM posts WHERE group_id = ?", (Object) g.groupId());
    System.out.printf(
        "[crash] %d kills; joins acknowledged %d, admitted %d (member rows %d, distinct keys %d);"
            + " posts acknowledged %d, stored %d; deliveries per reader after de-duplication %s;"
            + " duplicates dropped per reader %s%n",
        KILLS,
        ackedJoins.size(),
        admitted,
        rows,
        distinct,
        ackedPosts.size(),
        storedPosts,
        readers.stream().map(r -> r.received.size()).toList(),
        readers.stream().map(r -> r.duplicates.get()).toList());
    relay.destroy();
    relay.waitFor(30, TimeUnit.SECONDS);

    assertThat(ackedJoins).hasSizeGreaterThan(10);
    assertThat(ackedPosts).hasSizeGreaterThan(10);
    assertThat(admitted).isEqualTo(ackedJoins.size());
    assertThat(rows).isEqualTo(distinct);
    for (Reader r : readers) {
      assertThat(r.received).containsAll(ackedPosts);
      assertThat(r.seqs).doesNotHaveDuplicates();
    }
    assertThat(
            db.queryLong(
                "SELECT count(*) - count(DISTINCT post_id) FROM posts WHERE group_id = ?",
                (Object) g.groupId()))
        .isZero();
  }

  private static long countMembers(TestDatabase db, byte[] groupId, Set<String> keys) {
    long n = 0;
    for (String k : keys) {
      n +=
          db.queryLong(
              "SELECT count(*) FROM members WHERE group_id = ? AND member_key = ?",
              groupId,
              HexFormat.of().parseHex(k));
    }
    return n;
  }

  /** A member that reads, resumes after each disconnection, and de-duplicates by post id. */
  private final class Reader {
    final SmpServer server;
    final Bytes address;
    final Ed25519KeyPair key;
    final byte[] groupId;
    final Set<String> received = ConcurrentHashMap.newKeySet();
    final List<Long> seqs = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicLong last = new AtomicLong();
    final java.util.concurrent.atomic.AtomicInteger duplicates =
        new java.util.concurrent.atomic.AtomicInteger();
    volatile RelayConnection current;
    volatile boolean stopped;

    Reader(SmpServer server, Bytes address, Ed25519KeyPair key, byte[] groupId) {
      this.server = server;
      this.address = address;
      this.key = key;
      this.groupId = groupId;
    }

    void readUntilClosed() {
      RelayConnection c = connect(server);
      current = c;
      c.request(Subscribe.sign(address, key, last.get() + 1, c.serverNonce())).block(T);
      c.events()
          .ofType(Deliver.class)
          .doOnNext(
              d -> {
                if (!d.post().signatureValid(groupId)) {
                  throw new AssertionError("unverifiable post");
                }
                if (received.add(HexFormat.of().formatHex(d.post().postId()))) {
                  seqs.add(d.seq());
                } else {
                  duplicates.incrementAndGet();
                }
                last.accumulateAndGet(d.seq(), Math::max);
              })
          .onErrorResume(e -> reactor.core.publisher.Mono.empty())
          .blockLast();
    }

    void awaitAll(Set<String> wanted, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!received.containsAll(wanted) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }

    void stop() {
      stopped = true;
      RelayConnection c = current;
      if (c != null) {
        c.close();
      }
    }
  }

  /** Runs {@code body} again and again (reconnecting) until the test ends. */
  private Thread loop(String name, Runnable body) {
    Thread t =
        new Thread(
            () -> {
              while (running.get() || name.equals("reader")) {
                if (Thread.currentThread().isInterrupted()) {
                  return;
                }
                try {
                  body.run();
                } catch (RuntimeException e) {
                  // the relay was killed: reconnect
                }
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static RelayConnection connect(SmpServer server) {
    for (int attempt = 0; ; attempt++) {
      try {
        return RelayConnection.connect(server, ConnectOptions.defaults().withPlain(true)).block(T);
      } catch (RuntimeException e) {
        if (attempt > 300) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          throw new IllegalStateException(ie);
        }
      }
    }
  }

  /** Starts the relay process and waits for its address. */
  private String start(int port, String url, Path dir, Path log) throws Exception {
    Path jar = Path.of("target", "relay-server.jar").toAbsolutePath();
    assertThat(Files.exists(jar)).as("built jar " + jar).isTrue();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--public-host",
                "127.0.0.1",
                "--tls",
                "plain",
                "--no-qr",
                "--data-dir",
                dir.resolve("data").toString(),
                "--db-url",
                url)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    relay = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("relay address: ")) {
        String address = line.substring("relay address: ".length());
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // keep the pipe empty
                    }
                  } catch (java.io.IOException e) {
                    // process gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return address;
      }
    }
    throw new AssertionError("the relay did not start; see " + log + ":\n" + Files.readString(log));
  }
}
