package io.chatrelay.server.onboarding;

import static io.chatrelay.server.testing.RelayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.client.transport.RelayException;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.group.GroupProfile;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.MutableLinkData;
import io.chatrelay.codec.group.OwnerAction;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.group.SignedLinkData;
import io.chatrelay.codec.message.Accepted;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.GetLink;
import io.chatrelay.codec.message.LinkData;
import io.chatrelay.codec.message.LinkUpdate;
import io.chatrelay.codec.message.LogEntry;
import io.chatrelay.codec.message.Ok;
import io.chatrelay.codec.message.Rejected;
import io.chatrelay.codec.message.RelayMessage;
import io.chatrelay.server.config.AdmissionPolicy;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.server.testing.TestGroup;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The owner ↔ relay half over a real WebSocket and the real store. */
@ExtendWith(TestDatabaseExtension.class)
class OnboardingIT {
  private static int seed = 1000;
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

  private RelayEntry invite(TestGroup g) {
    return fx.invite(g);
  }

  private RelayMessage send(io.chatrelay.codec.message.ClientMessage m) {
    return fx.connect().request(m).block(TIMEOUT);
  }

  private long groups() {
    return db.queryLong("SELECT count(*) FROM relay_groups");
  }

  private String state(TestGroup g) {
    long code =
        db.queryLong(
            "SELECT CASE state WHEN 'pending' THEN 0 WHEN 'active' THEN 1 WHEN 'suspended' THEN 2"
                + " ELSE 3 END FROM relay_groups WHERE group_id = ?",
            g.groupId());
    return List.of("pending", "active", "suspended", "removed").get((int) code);
  }

  private long version(TestGroup g) {
    return db.queryLong(
        "SELECT link_data_version FROM relay_groups WHERE group_id = ?", g.groupId());
  }

  @Test
  void wholeOnboardingThenLinkDataIsServedAndVerifies() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "news");
    RelayEntry entry = invite(g);
    assertThat(entry.keyHash()).isEqualTo(fx.keyHash());
    assertThat(entry.relayKey()).isEqualTo(fx.relay().keys().keyPair().publicKey());
    // Not yet validated: the relay does not serve the link data.
    assertError(() -> send(new GetLink(Bytes.of(g.linkKey()))), ErrorCode.UNKNOWN_ADDRESS);

    g.addRelay(entry);
    assertThat(send(g.update(entry.addressId()))).isInstanceOf(Ok.class);

    LinkData served = (LinkData) send(new GetLink(Bytes.of(g.linkKey())));
    GroupLinkData verified =
        GroupLinkData.verify(
            g.linkKey(), served.fixedData().toByteArray(), served.signedLinkData().toByteArray());
    assertThat(verified.data().relays()).containsExactly(entry);
    assertThat(state(g)).isEqualTo("active");

    // The service log records acceptance, the link update and validation, for owners only.
    RelayConnection owner = fx.connect();
    assertThat(
            owner
                .request(
                    g.command(
                        entry.addressId(),
                        new OwnerAction.ReadLog(1, false),
                        g.root,
                        System.currentTimeMillis()))
                .block(TIMEOUT))
        .isInstanceOf(Ok.class);
    List<String> kinds =
        owner.events().take(3).map(e -> ((LogEntry) e).kind()).collectList().block(TIMEOUT);
    assertThat(kinds).containsExactly("ACCEPTED", "LINK_UPDATED", "VALIDATED");
  }

  @Test
  void fiftyConcurrentInvitationsYieldOneAddress() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.GROUP, "busy");
    List<RelayConnection> conns = Flux.range(0, 50).map(i -> fx.connect()).collectList().block();
    List<RelayMessage> answers =
        Flux.fromIterable(conns)
            .parallel(50)
            .runOn(Schedulers.boundedElastic())
            .flatMap(c -> c.request(g.invite(fx.keyHash(), c.serverNonce())))
            .sequential()
            .collectList()
            .block(TIMEOUT);
    Set<String> addresses =
        answers.stream()
            .map(a -> HexFormat.of().formatHex(((Accepted) a).address().addressId()))
            .collect(Collectors.toSet());
    assertThat(answers).hasSize(50);
    assertThat(addresses).hasSize(1);
    assertThat(db.queryLong("SELECT count(*) FROM relay_addresses WHERE group_id = ?", g.groupId()))
        .isEqualTo(1);
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM service_log WHERE kind = 'ACCEPTED' AND group_id = ?",
                g.groupId()))
        .isEqualTo(1);
  }

  @Test
  void rejectionsCarryReasonsAndChangeNothing() {
    TestGroup allowed = new TestGroup(random, GroupType.CHANNEL, "allowed");
    long before = groups();
    fx.start(
        c ->
            c.withAdmission(
                new AdmissionPolicy(
                    Set.of(Bytes.of(allowed.groupId()).toBase64Url()), List.of("casino"))));
    TestGroup other = new TestGroup(random, GroupType.CHANNEL, "other");
    RelayConnection c = fx.connect();
    Rejected policy = (Rejected) c.request(other.invite(fx.keyHash(), c.serverNonce())).block();
    assertThat(policy.reason()).isEqualTo("POLICY");

    // Refused words, even for an allowed group.
    allowed.data =
        new MutableLinkData(
            1, List.of(), new GroupProfile("Casino nights", null).toJson(), List.of());
    Rejected content = (Rejected) c.request(allowed.invite(fx.keyHash(), c.serverNonce())).block();
    assertThat(content.reason()).isEqualTo("CONTENT");

    // A proof by a key that is not an owner's.
    allowed.data =
        new MutableLinkData(1, List.of(), new GroupProfile("fine", null).toJson(), List.of());
    Rejected proof =
        (Rejected)
            c.request(allowed.inviteBy(TestGroup.key(random), fx.keyHash(), c.serverNonce()))
                .block();
    assertThat(proof.reason()).isEqualTo("PROOF");
    // A proof made for another connection (replayed).
    Rejected replayed = (Rejected) c.request(allowed.invite(fx.keyHash(), new byte[32])).block();
    assertThat(replayed.reason()).isEqualTo("PROOF");
    // Link data signed by a stranger.
    var bad =
        new io.chatrelay.codec.message.Invite(
            Bytes.of(allowed.fixed.encode()),
            Bytes.of(allowed.signedBy(TestGroup.key(random)).encode()),
            allowed.root.publicKey(),
            io.chatrelay.codec.message.Invite.prove(
                allowed.root, fx.keyHash(), c.serverNonce(), allowed.linkKey()));
    Rejected linkData = (Rejected) c.request(bad).block();
    assertThat(linkData.reason()).isEqualTo("LINK_DATA");
    assertThat(groups()).isEqualTo(before);

    // And the allowed group with a clean profile is accepted.
    assertThat(c.request(allowed.invite(fx.keyHash(), c.serverNonce())).block())
        .isInstanceOf(Accepted.class);
  }

  @Test
  void capacityRefusesNewGroupsButRepeatsStillGetTheirAddress() {
    long existing = db.queryLong("SELECT count(*) FROM relay_groups WHERE state <> 'removed'");
    fx.start(c -> c.withLimits(c.limits().toBuilder().maxGroups((int) existing + 1).build()));
    TestGroup first = new TestGroup(random, GroupType.CHANNEL, "first");
    RelayEntry a = invite(first);
    TestGroup second = new TestGroup(random, GroupType.CHANNEL, "second");
    RelayConnection c = fx.connect();
    Rejected full = (Rejected) c.request(second.invite(fx.keyHash(), c.serverNonce())).block();
    assertThat(full.reason()).isEqualTo("CAPACITY");
    assertThat(invite(first).addressId()).isEqualTo(a.addressId());
    assertThat(db.queryLong("SELECT count(*) FROM relay_groups WHERE state <> 'removed'"))
        .isEqualTo(existing + 1);
  }

  @Test
  void validationFailuresChangeNothing() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "strict");
    RelayEntry entry = invite(g);
    byte[] address = entry.addressId();

    // The relay list does not name this relay: refused, the group stays pending.
    g.data = g.data.withProfile(new GroupProfile("still strict", null).toJson());
    assertError(() -> send(g.update(address)), ErrorCode.INVALID_LINK_DATA);
    // Signed by a stranger.
    g.addRelay(entry);
    SignedLinkData forged = g.signedBy(TestGroup.key(random));
    assertError(
        () -> send(new LinkUpdate(Bytes.of(address), Bytes.of(forged.encode()))),
        ErrorCode.UNAUTHORISED);
    // A signature that does not verify.
    SignedLinkData good = g.signed();
    byte[] sig = good.signature();
    sig[5] ^= 1;
    SignedLinkData broken = new SignedLinkData(good.data(), good.signer(), sig);
    assertError(
        () -> send(new LinkUpdate(Bytes.of(address), Bytes.of(broken.encode()))),
        ErrorCode.BAD_SIGNATURE);
    // An unknown address.
    assertError(() -> send(g.update(g.bytes(24))), ErrorCode.UNKNOWN_ADDRESS);
    assertThat(state(g)).isEqualTo("pending");
    assertThat(version(g)).isEqualTo(1);

    // The valid update validates; an older version afterwards is a rollback, refused.
    MutableLinkData current = g.data;
    assertThat(send(g.update(address))).isInstanceOf(Ok.class);
    g.data =
        new MutableLinkData(
            current.version() - 1, current.owners(), current.profile(), current.relays());
    assertError(() -> send(g.update(address)), ErrorCode.STALE_LINK_DATA);
    // The same version with other content is refused too; the identical one is idempotent.
    g.data = current.withProfile(new GroupProfile("other", null).toJson());
    g.data =
        new MutableLinkData(
            current.version(), current.owners(), g.data.profile(), current.relays());
    assertError(() -> send(g.update(address)), ErrorCode.STALE_LINK_DATA);
    g.data = current;
    assertThat(send(g.update(address))).isInstanceOf(Ok.class);
    assertThat(version(g)).isEqualTo(current.version());
  }

  @Test
  void ownerCommandsFromASecondOwnerAndRefusals() {
    fx.start();
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "two owners");
    RelayEntry entry = invite(g);
    var second = g.addOwner();
    g.addRelay(entry);
    assertThat(send(g.update(entry.addressId()))).isInstanceOf(Ok.class);
    byte[] address = entry.addressId();
    long now = System.currentTimeMillis();

    var suspend = g.command(address, new OwnerAction.SuspendJoins(), second, now);
    assertThat(send(suspend)).isInstanceOf(Ok.class);
    assertThat(state(g)).isEqualTo("suspended");
    // The same command again: a replay.
    assertError(() -> send(suspend), ErrorCode.REPLAYED);
    // A command far from the relay's clock.
    assertError(
        () -> send(g.command(address, new OwnerAction.ResumeJoins(), second, now - 3_600_000)),
        ErrorCode.REPLAYED);
    // A stranger's command.
    assertError(
        () -> send(g.command(address, new OwnerAction.RemoveRelay(), TestGroup.key(random), now)),
        ErrorCode.UNAUTHORISED);
    assertThat(send(g.command(address, new OwnerAction.ResumeJoins(), g.root, now)))
        .isInstanceOf(Ok.class);
    assertThat(state(g)).isEqualTo("active");
    // The log holds both owners' signed commands.
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM service_log WHERE kind = 'COMMAND' AND group_id = ?",
                g.groupId()))
        .isEqualTo(2);
    assertThat(
            db.queryLong(
                "SELECT count(DISTINCT actor_key) FROM service_log WHERE kind = 'COMMAND'"
                    + " AND group_id = ?",
                g.groupId()))
        .isEqualTo(2);

    // Removal from the relay list stops the relay serving the group.
    g.removeRelays();
    assertThat(send(g.update(address))).isInstanceOf(Ok.class);
    assertThat(state(g)).isEqualTo("removed");
    assertError(() -> send(new GetLink(Bytes.of(g.linkKey()))), ErrorCode.UNKNOWN_ADDRESS);
  }

  @Test
  void aRestartInTheMiddleOfOnboardingKeepsTheAddress() {
    fx.start();
    String addressBefore = fx.relay().address();
    TestGroup g = new TestGroup(random, GroupType.CHANNEL, "restarted");
    RelayEntry entry = invite(g);
    fx.restart();
    assertThat(fx.relay().address()).isEqualTo(addressBefore);
    assertThat(invite(g)).isEqualTo(entry);
    g.addRelay(entry);
    assertThat(send(g.update(entry.addressId()))).isInstanceOf(Ok.class);
    assertThat(send(new GetLink(Bytes.of(g.linkKey())))).isInstanceOf(LinkData.class);
  }

  static void assertError(ThrowingCallable call, ErrorCode code) {
    org.assertj.core.api.Assertions.assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RelayException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
  }
}
