package io.chatrelay.server.join;

import static io.chatrelay.server.testing.RelayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.client.transport.RelayException;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.MemberCertificate;
import io.chatrelay.codec.group.OwnerAction;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.message.Certify;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.LogEntry;
import io.chatrelay.codec.message.Ok;
import io.chatrelay.codec.message.Posted;
import io.chatrelay.codec.message.Publish;
import io.chatrelay.codec.message.Queued;
import io.chatrelay.codec.message.RelayMessage;
import io.chatrelay.codec.message.Subscribe;
import io.chatrelay.codec.message.Subscribed;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.server.testing.TestGroup;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The member ↔ relay half over a real WebSocket and the real store. */
@ExtendWith(TestDatabaseExtension.class)
class MemberFlowIT {
  private static int seed = 2000;
  private TestDatabase db;
  private RelayFixture fx;
  private final Random random = new Random(seed++);

  @BeforeEach
  void setUp(TestDatabase database) {
    db = database;
    fx = new RelayFixture(database);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** Invites the relay; validates too unless {@code validate} is false. */
  private RelayEntry onboard(TestGroup g, boolean validate) {
    return validate ? fx.onboard(g) : fx.invite(g);
  }

  private void validate(TestGroup g, RelayEntry entry) {
    g.addRelay(entry);
    assertThat(fx.connect().request(g.update(entry.addressId())).block(TIMEOUT))
        .isInstanceOf(Ok.class);
  }

  private static Joined awaitJoined(RelayConnection c, Bytes address) {
    return c.events()
        .ofType(Joined.class)
        .filter(j -> j.addressId().equals(address))
        .next()
        .block(TIMEOUT);
  }

  private long members(TestGroup g) {
    return db.queryLong("SELECT count(*) FROM members WHERE group_id = ?", g.groupId());
  }

  @Test
  void joinIsQueuedThenAdmittedAndTheResultNamesTheMember() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "join");
    RelayEntry entry = onboard(g, true);
    Bytes address = Bytes.of(entry.addressId());
    RelayConnection member = fx.connect();
    RelayMessage ack =
        member.request(Join.sign(address, TestGroup.key(random), Optional.empty())).block(TIMEOUT);
    assertThat(ack).isInstanceOf(Queued.class);
    Joined joined = awaitJoined(member, address);
    assertThat(joined.memberId()).isPositive();
    assertThat(joined.headSeq()).isZero();
    assertThat(members(g)).isEqualTo(1);
    // The admission is in the service log, with the member's key, for owners to certify.
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM service_log WHERE group_id = ? AND kind = 'MEMBERS_ADMITTED'",
                g.groupId()))
        .isEqualTo(1);
  }

  @Test
  void anOwnerFollowingTheLogGetsEachAdmissionLiveWithTheMembersKey() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.GROUP, "follow");
    RelayEntry entry = onboard(g, true);
    Bytes address = Bytes.of(entry.addressId());
    RelayConnection owner = fx.connect();
    var admissions =
        owner
            .events()
            .ofType(LogEntry.class)
            .filter(e -> e.kind().equals("MEMBERS_ADMITTED"))
            .take(3)
            .collectList()
            .toFuture();
    assertThat(owner.request(g.followLog(entry.addressId())).block(TIMEOUT)).isInstanceOf(Ok.class);
    // One join at a time: each admission is a batch of its own and logs an entry of its own.
    List<Bytes> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Ed25519KeyPair key = TestGroup.key(random);
      keys.add(Bytes.of(key.publicKey().bytes()));
      RelayConnection member = fx.connect();
      assertThat(member.request(Join.sign(address, key, Optional.empty())).block(TIMEOUT))
          .isInstanceOf(Queued.class);
      awaitJoined(member, address);
    }
    List<LogEntry> got = Mono.fromFuture(admissions).block(TIMEOUT);
    assertThat(got)
        .map(TestGroup::admittedKeys)
        .containsExactly(List.of(keys.get(0)), List.of(keys.get(1)), List.of(keys.get(2)));
    assertThat(got).extracting(LogEntry::seq).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void joinsBeforeValidationAreHeldThenAdmitted() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "held");
    RelayEntry entry = onboard(g, false);
    Bytes address = Bytes.of(entry.addressId());
    List<RelayConnection> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RelayConnection c = fx.connect();
      assertThat(c.request(Join.sign(address, TestGroup.key(random), Optional.empty())).block())
          .isInstanceOf(Queued.class);
      waiting.add(c);
    }
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM pending_joins WHERE group_id = ? AND status = 'pending'",
                g.groupId()))
        .isEqualTo(5);
    assertThat(members(g)).isZero();
    validate(g, entry);
    for (RelayConnection c : waiting) {
      assertThat(awaitJoined(c, address).memberId()).isPositive();
    }
    assertThat(members(g)).isEqualTo(5);
  }

  @Test
  void joiningTwiceWithOneKeyMakesOneMember() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.GROUP, "idempotent");
    Bytes address = Bytes.of(onboard(g, true).addressId());
    Ed25519KeyPair key = TestGroup.key(random);
    RelayConnection first = fx.connect();
    first.request(Join.sign(address, key, Optional.empty())).block(TIMEOUT);
    long id = awaitJoined(first, address).memberId();
    RelayConnection again = fx.connect();
    again.request(Join.sign(address, key, Optional.empty())).block(TIMEOUT);
    assertThat(awaitJoined(again, address).memberId()).isEqualTo(id);
    assertThat(members(g)).isEqualTo(1);
  }

  @Test
  void aForgedJoinProofIsRefused() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.GROUP, "proof");
    Bytes address = Bytes.of(onboard(g, true).addressId());
    Join good = Join.sign(address, TestGroup.key(random), Optional.empty());
    Join stolen =
        new Join(
            address,
            Bytes.of(TestGroup.key(random).publicKey().bytes()),
            Optional.empty(),
            good.proof());
    assertError(() -> fx.connect().request(stolen).block(TIMEOUT), ErrorCode.BAD_SIGNATURE);
    assertThat(joinsStored(g.groupId())).isZero();
  }

  /**
   * A join over its group's rate is refused before its key is decoded as a point (the costly part
   * of a refusal under a flood); a key that is no usable point fails the proof check.
   */
  @Test
  void aJoinOverTheGroupsRateIsRefusedBeforeItsKeyIsChecked() {
    fx.start(c -> c.withLimits(c.limits().toBuilder().joinsPerSecondPerGroup(1).build()));
    TestGroup g = new TestGroup(random, GroupType.GROUP, "shed");
    Bytes address = Bytes.of(onboard(g, true).addressId());
    byte[] neutral = new byte[32];
    neutral[0] = 1; // the neutral point: of small order, refused as a key
    Join noKey = new Join(address, Bytes.of(neutral), Optional.empty(), Bytes.of(new byte[64]));
    RelayConnection c = fx.connect();
    // Pipelined, so that the group's one token a second cannot come back between them: one takes
    // it and fails its proof, the other is over the rate.
    List<ErrorCode> codes =
        Flux.merge(c.send(noKey), c.send(noKey))
            .map(m -> ((io.chatrelay.codec.message.ErrorMessage) m).code())
            .collectList()
            .block(TIMEOUT);
    assertThat(codes).containsExactlyInAnyOrder(ErrorCode.BAD_SIGNATURE, ErrorCode.BUSY);
    assertThat(joinsStored(g.groupId())).isZero();
  }

  @Test
  void aFullGroupQueueAnswersBusyWhileAnotherGroupKeepsFlowing() {
    fx.start(c -> c.withLimits(c.limits().toBuilder().joinQueuePerGroup(2).build()));
    floodOneGroupAndJoinAnother();
  }

  @Test
  void aGroupOverItsJoinRateAnswersBusyWhileAnotherGroupKeepsFlowing() {
    fx.start(c -> c.withLimits(c.limits().toBuilder().joinsPerSecondPerGroup(20).build()));
    floodOneGroupAndJoinAnother();
  }

  /**
   * Push-back: after a {@code BUSY}, the relay reads nothing more from that connection for the
   * retry delay it gave, so a request pipelined behind the refused join waits that long.
   */
  @Test
  void aSenderToldBusyIsNotReadAgainBeforeTheRetryDelay() {
    fx.start(c -> c.withLimits(c.limits().toBuilder().joinsPerSecondPerGroup(1).build()));
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "slow");
    Bytes a = Bytes.of(onboard(g, true).addressId());
    RelayConnection c = fx.connect();
    assertThat(c.request(Join.sign(a, TestGroup.key(random), Optional.empty())).block(TIMEOUT))
        .isInstanceOf(Queued.class);
    long[] at = new long[2];
    List<RelayMessage> answers =
        Flux.mergeSequential(
                c.send(Join.sign(a, TestGroup.key(random), Optional.empty()))
                    .doOnNext(m -> at[0] = System.nanoTime()),
                c.send(new io.chatrelay.codec.message.Ping())
                    .doOnNext(m -> at[1] = System.nanoTime()))
            .collectList()
            .block(TIMEOUT);
    assertThat(answers.get(0))
        .isInstanceOfSatisfying(
            io.chatrelay.codec.message.ErrorMessage.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BUSY);
              assertThat(e.retryAfterMs()).isGreaterThan(500);
            });
    assertThat(answers.get(1)).isInstanceOf(io.chatrelay.codec.message.Pong.class);
    long retryMs = ((io.chatrelay.codec.message.ErrorMessage) answers.get(0)).retryAfterMs();
    // The hold began before BUSY was sent, so PONG follows BUSY by the delay less its transit.
    assertThat(Duration.ofNanos(at[1] - at[0]))
        .isGreaterThanOrEqualTo(Duration.ofMillis(retryMs - 100));
  }

  /** Joins of the group in the store's queue, whatever their state. */
  private long joinsStored(byte[] groupId) {
    return db.queryLong("SELECT count(*) FROM pending_joins WHERE group_id = ?", groupId);
  }

  /** 400 joins at once on one group: some refused BUSY, none of those stored; others unaffected. */
  private void floodOneGroupAndJoinAnother() {
    TestGroup flooded = new TestGroup(random, GroupType.CHANNEL, "flooded");
    TestGroup quiet = new TestGroup(random, GroupType.CHANNEL, "quiet");
    Bytes a = Bytes.of(onboard(flooded, true).addressId());
    Bytes b = Bytes.of(onboard(quiet, true).addressId());
    List<RelayConnection> conns = Flux.range(0, 8).map(i -> fx.connect()).collectList().block();
    List<Object> answers =
        Flux.range(0, 400)
            .parallel(8)
            .runOn(Schedulers.boundedElastic())
            .flatMap(
                i ->
                    conns
                        .get(i % conns.size())
                        .request(Join.sign(a, TestGroup.key(new Random(i)), Optional.empty()))
                        .map(m -> (Object) m)
                        .onErrorResume(
                            RelayException.class, e -> reactor.core.publisher.Mono.just(e)))
            .sequential()
            .collectList()
            .block(TIMEOUT);
    long busy =
        answers.stream()
            .filter(o -> o instanceof RelayException e && e.code() == ErrorCode.BUSY)
            .peek(o -> assertThat(((RelayException) o).retryAfterMs()).isPositive())
            .count();
    long queued = answers.stream().filter(o -> o instanceof Queued).count();
    assertThat(busy).as("busy answers").isPositive();
    assertThat(busy + queued).isEqualTo(400);
    // Each queued join is in the store; none of the refused ones is.
    assertThat(joinsStored(flooded.groupId())).isEqualTo(queued);
    // The other group is not refused.
    assertThat(
            fx.connect()
                .request(Join.sign(b, TestGroup.key(random), Optional.empty()))
                .block(TIMEOUT))
        .isInstanceOf(Queued.class);
  }

  @Test
  void subscribersCatchUpAndGoLiveWithNoGapAndNoDuplicate() throws Exception {
    // Hundreds of posts within a second or two: above the default rate of a small machine.
    fx.start(c -> c.withLimits(c.limits().toBuilder().postsPerSecondPerGroup(100_000).build()));
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "stream");
    Bytes address = Bytes.of(onboard(g, true).addressId());
    RelayConnection owner = fx.connect();
    int total = 600;
    // The first third is stored before anyone subscribes.
    for (int i = 0; i < total / 3; i++) {
      owner.request(new Publish(address, g.post("p" + i))).block(TIMEOUT);
    }
    Ed25519KeyPair memberKey = TestGroup.key(random);
    RelayConnection member = fx.connect();
    member.request(Join.sign(address, memberKey, Optional.empty())).block(TIMEOUT);
    awaitJoined(member, address);

    // The rest is posted concurrently while the member subscribes from the start.
    var posting =
        Flux.range(total / 3, total - total / 3)
            .concatMap(i -> owner.request(new Publish(address, g.post("p" + i))), 16)
            .subscribeOn(Schedulers.boundedElastic())
            .collectList()
            .toFuture();
    Subscribed sub =
        (Subscribed)
            member
                .request(Subscribe.sign(address, memberKey, 1, member.serverNonce()))
                .block(TIMEOUT);
    assertThat(sub.headSeq()).isGreaterThanOrEqualTo(total / 3);
    List<Deliver> got =
        member
            .events()
            .ofType(Deliver.class)
            .take(total)
            .collectList()
            .block(Duration.ofSeconds(60));
    posting.get();
    List<Long> seqs = got.stream().map(Deliver::seq).toList();
    List<Long> expected = new ArrayList<>();
    for (long s = 1; s <= total; s++) {
      expected.add(s);
    }
    assertThat(seqs).containsExactlyElementsOf(expected);
    Set<String> texts = new HashSet<>();
    for (Deliver d : got) {
      assertThat(d.post().signatureValid(g.groupId())).isTrue();
      texts.add(d.post().text());
    }
    assertThat(texts).hasSize(total);
    // Nothing more arrives: no duplicate after the seam.
    assertThat(
            member
                .events()
                .ofType(Deliver.class)
                .next()
                .timeout(Duration.ofMillis(500))
                .onErrorResume(e -> reactor.core.publisher.Mono.empty())
                .block())
        .isNull();
  }

  /**
   * Posts sent back to back, without waiting for answers, have their signatures checked in parallel
   * but are stored in the order sent; a forged one among them is refused alone.
   */
  @Test
  void pipelinedPostsAreStoredInTheOrderSent() {
    // Hundreds of posts within a second or two: above the default rate of a small machine.
    fx.start(c -> c.withLimits(c.limits().toBuilder().postsPerSecondPerGroup(100_000).build()));
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "pipelined");
    Bytes address = Bytes.of(onboard(g, true).addressId());
    RelayConnection owner = fx.connect();
    int total = 300;
    int forged = 117;
    List<Publish> posts = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      Post p = g.post("p" + i);
      if (i == forged) {
        p =
            new Post(
                p.postId(),
                p.author(),
                p.authorSeq(),
                p.sentAt(),
                "forged".getBytes(),
                p.signature());
      }
      posts.add(new Publish(address, p));
    }
    // All sent at once, in list order: each request is written when subscribed.
    List<RelayMessage> answers =
        Flux.fromIterable(posts)
            .flatMapSequential(owner::send, total)
            .collectList()
            .block(Duration.ofSeconds(60));
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      RelayMessage a = answers.get(i);
      if (i == forged) {
        assertThat(a)
            .isInstanceOfSatisfying(
                io.chatrelay.codec.message.ErrorMessage.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
      } else {
        assertThat(a).as("answer to post %d", i).isInstanceOf(Posted.class);
        seqs.add(((Posted) a).seq());
      }
    }
    List<Long> expected = new ArrayList<>();
    for (long s = 1; s < total; s++) {
      expected.add(s);
    }
    assertThat(seqs).containsExactlyElementsOf(expected);
    assertThat(db.queryLong("SELECT count(*) FROM posts WHERE group_id = ?", g.groupId()))
        .isEqualTo(total - 1);
  }

  @Test
  void aForgedOrUnauthorisedPostIsRefusedAndNotStored() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "signed");
    Bytes address = Bytes.of(onboard(g, true).addressId());
    RelayConnection c = fx.connect();
    Post good = g.post("genuine");
    // Another key's post in a channel: only owners post.
    Post stranger =
        Post.sign(
            g.groupId(), g.bytes(16), TestGroup.key(random), 1, System.currentTimeMillis(), "x");
    assertError(
        () -> c.request(new Publish(address, stranger)).block(TIMEOUT), ErrorCode.UNAUTHORISED);
    // The owner's post with its text altered after signing.
    Post altered =
        new Post(
            good.postId(),
            good.author(),
            good.authorSeq(),
            good.sentAt(),
            "forged".getBytes(),
            good.signature());
    assertError(
        () -> c.request(new Publish(address, altered)).block(TIMEOUT), ErrorCode.BAD_SIGNATURE);
    // A post signed for another group.
    TestGroup other = new TestGroup(random, GroupType.CHANNEL, "other");
    Post foreign =
        Post.sign(other.groupId(), g.bytes(16), g.root, 9, System.currentTimeMillis(), "elsewhere");
    assertError(
        () -> c.request(new Publish(address, foreign)).block(TIMEOUT), ErrorCode.BAD_SIGNATURE);
    assertThat(db.queryLong("SELECT count(*) FROM posts WHERE group_id = ?", g.groupId())).isZero();
    // The genuine one is stored once, however often it is sent.
    Posted p1 = (Posted) c.request(new Publish(address, good)).block(TIMEOUT);
    Posted p2 = (Posted) c.request(new Publish(address, good)).block(TIMEOUT);
    assertThat(p2.seq()).isEqualTo(p1.seq());
    assertThat(db.queryLong("SELECT count(*) FROM posts WHERE group_id = ?", g.groupId()))
        .isEqualTo(1);
  }

  @Test
  void inAGroupMembersPostAndOwnersCertificatesTravelWithTheirPosts() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.GROUP, "talk");
    Bytes address = Bytes.of(onboard(g, true).addressId());
    Ed25519KeyPair certified = TestGroup.key(random);
    Ed25519KeyPair uncertified = TestGroup.key(random);
    RelayConnection a = fx.connect();
    RelayConnection b = fx.connect();
    a.request(Join.sign(address, certified, Optional.empty())).block(TIMEOUT);
    awaitJoined(a, address);
    b.request(Join.sign(address, uncertified, Optional.empty())).block(TIMEOUT);
    awaitJoined(b, address);
    MemberCertificate cert = MemberCertificate.issue(g.groupId(), certified.publicKey(), 1, g.root);
    assertThat(fx.connect().request(new Certify(address, cert)).block(TIMEOUT))
        .isInstanceOf(Ok.class);
    // A certificate by a non-owner is refused.
    MemberCertificate fake =
        MemberCertificate.issue(g.groupId(), uncertified.publicKey(), 1, TestGroup.key(random));
    assertError(
        () -> fx.connect().request(new Certify(address, fake)).block(TIMEOUT),
        ErrorCode.UNAUTHORISED);

    a.request(
            new Publish(
                address,
                Post.sign(
                    g.groupId(), g.bytes(16), certified, 1, System.currentTimeMillis(), "hi")))
        .block(TIMEOUT);
    b.request(
            new Publish(
                address,
                Post.sign(
                    g.groupId(), g.bytes(16), uncertified, 1, System.currentTimeMillis(), "yo")))
        .block(TIMEOUT);
    // A non-member's post is refused.
    assertError(
        () ->
            a.request(
                    new Publish(
                        address,
                        Post.sign(g.groupId(), g.bytes(16), TestGroup.key(random), 1, 0, "no")))
                .block(TIMEOUT),
        ErrorCode.NOT_MEMBER);

    RelayConnection reader = fx.connect();
    Ed25519KeyPair readerKey = TestGroup.key(random);
    reader.request(Join.sign(address, readerKey, Optional.empty())).block(TIMEOUT);
    awaitJoined(reader, address);
    reader.request(Subscribe.sign(address, readerKey, 1, reader.serverNonce())).block(TIMEOUT);
    List<Deliver> got = reader.events().ofType(Deliver.class).take(2).collectList().block(TIMEOUT);
    assertThat(got.get(0).certificate()).contains(cert);
    assertThat(got.get(0).certificate().get().memberKey()).isEqualTo(certified.publicKey());
    assertThat(got.get(1).certificate()).isEmpty();
  }

  @Test
  void suspendedGroupsHoldJoinsUntilResumedAndARestartLosesNone() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "suspend");
    RelayEntry entry = onboard(g, true);
    Bytes address = Bytes.of(entry.addressId());
    long now = System.currentTimeMillis();
    assertThat(
            fx.connect()
                .request(g.command(entry.addressId(), new OwnerAction.SuspendJoins(), g.root, now))
                .block(TIMEOUT))
        .isInstanceOf(Ok.class);
    RelayConnection c = fx.connect();
    for (int i = 0; i < 20; i++) {
      assertThat(
              c.request(Join.sign(address, TestGroup.key(random), Optional.empty())).block(TIMEOUT))
          .isInstanceOf(Queued.class);
    }
    assertThat(members(g)).isZero();
    fx.restart();
    assertThat(
            fx.connect()
                .request(g.command(entry.addressId(), new OwnerAction.ResumeJoins(), g.root, now))
                .block(TIMEOUT))
        .isInstanceOf(Ok.class);
    // Admitted in the background after the restart: each acknowledged join once.
    long deadline = System.currentTimeMillis() + 30_000;
    while (members(g) < 20 && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(members(g)).isEqualTo(20);
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM pending_joins WHERE group_id = ? AND status = 'admitted'",
                g.groupId()))
        .isEqualTo(20);
  }

  static void assertError(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RelayException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
  }
}
