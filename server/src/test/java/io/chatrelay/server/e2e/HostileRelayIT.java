package io.chatrelay.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.demo.TamperProxy;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.FixedLinkData;
import io.chatrelay.codec.group.MutableLinkData;
import io.chatrelay.codec.group.OwnerAuth;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.group.SignedLinkData;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.LinkData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay under the test's control attacks members: it alters or re-signs link data, rolls it back,
 * changes the relay list, forges, alters, replays and reorders posts, and substitutes a member's
 * key. Each attack is detected (the test shows the exact error the member sees) or is only a denial
 * of service; docs/security.md lists which.
 */
@ExtendWith(TestDatabaseExtension.class)
class HostileRelayIT {
  @TempDir Path tmp;
  private Relays relays;
  private final Ed25519KeyPair relayKey = Ed25519KeyPair.generate(new SecureRandom());

  @BeforeEach
  void setUp(TestDatabase db) {
    relays = new Relays(db);
  }

  @AfterEach
  void tearDown() {
    relays.close();
  }

  private Cli user(String name) {
    return new Cli(tmp.resolve(name));
  }

  /** An attack on link data only: {@code change} rewrites what LINKDATA answers carry. */
  private static Supplier<TamperProxy.Attack> onLinkData(Function<LinkData, LinkData> change) {
    return () ->
        f ->
            f.message() instanceof LinkData ld
                ? List.of(new Frame(f.version(), f.corrId(), change.apply(ld)))
                : List.of(f);
  }

  private static MutableLinkData mutable(LinkData ld) {
    return MutableLinkData.decode(signed(ld).data());
  }

  private static SignedLinkData signed(LinkData ld) {
    return SignedLinkData.decode(ld.signedLinkData().toByteArray());
  }

  private static LinkData with(LinkData ld, SignedLinkData s) {
    return new LinkData(ld.fixedData(), Bytes.of(s.encode()));
  }

  /** The owner creates "News" on the attacking relay and an honest one; returns the link. */
  private String channel(Cli owner, Relays.Relay attacking, Relays.Relay honest) {
    return owner
        .ok(
            "channel",
            "create",
            "News",
            "--relay",
            attacking.address(),
            "--relay",
            honest.address())
        .value("link: ");
  }

  private static void joinRefusesTheRelaysCopy(
      Cli member, String link, Relays.Relay attacking, String failure) {
    Cli.Result joined = member.run("join", link);
    assertThat(joined.exit()).as(joined.toString()).isZero();
    assertThat(joined.err())
        .as(joined.toString())
        .contains("relay link data not used: " + attacking.name())
        .contains(failure);
  }

  @Test
  void addingAnOwnerKeyIsDetected() {
    Relays.Relay honest = relays.start();
    Relays.Relay attacking =
        relays.startAttacking(
            onLinkData(
                ld -> {
                  FixedLinkData fixed = FixedLinkData.decode(ld.fixedData().toByteArray());
                  MutableLinkData m = mutable(ld);
                  List<OwnerAuth> owners = new ArrayList<>(m.owners());
                  // The relay's own key, "authorised by the root" but signed by itself.
                  owners.add(
                      OwnerAuth.create(
                          fixed.groupId(), new byte[] {9}, relayKey.publicKey(), 0, relayKey));
                  MutableLinkData forged =
                      new MutableLinkData(m.version() + 1, owners, m.profile(), m.relays());
                  return with(ld, SignedLinkData.sign(fixed, forged, relayKey));
                }));
    String link = channel(user("owner"), attacking, honest);
    joinRefusesTheRelaysCopy(user("member"), link, attacking, "BAD_SIGNATURE");
  }

  @Test
  void reSigningTheLinkDataWithTheRelaysKeyIsDetected() {
    Relays.Relay honest = relays.start();
    Relays.Relay attacking =
        relays.startAttacking(
            onLinkData(
                ld -> {
                  FixedLinkData fixed = FixedLinkData.decode(ld.fixedData().toByteArray());
                  MutableLinkData m = mutable(ld);
                  return with(
                      ld,
                      SignedLinkData.sign(
                          fixed,
                          new MutableLinkData(m.version() + 1, m.owners(), m.profile(), m.relays()),
                          relayKey));
                }));
    String link = channel(user("owner"), attacking, honest);
    joinRefusesTheRelaysCopy(user("member"), link, attacking, "UNAUTHORISED_SIGNER");
  }

  @Test
  void changingTheRelayListIsDetected() {
    Relays.Relay honest = relays.start();
    Relays.Relay attacking =
        relays.startAttacking(
            onLinkData(
                ld -> {
                  MutableLinkData m = mutable(ld);
                  // Drop every other relay: "only I serve this group".
                  List<RelayEntry> mine = List.of(m.relays().get(0));
                  MutableLinkData changed =
                      new MutableLinkData(m.version(), m.owners(), m.profile(), mine);
                  SignedLinkData s = signed(ld);
                  return with(ld, new SignedLinkData(changed.encode(), s.signer(), s.signature()));
                }));
    String link = channel(user("owner"), attacking, honest);
    joinRefusesTheRelaysCopy(user("member"), link, attacking, "BAD_SIGNATURE");
  }

  @Test
  void rollingLinkDataBackIsRefused() {
    Relays.Relay honest = relays.start();
    // The relay keeps serving the first link data it saw, whatever the owners publish later.
    AtomicReference<LinkData> first = new AtomicReference<>();
    Relays.Relay attacking =
        relays.startAttacking(
            onLinkData(
                ld -> {
                  first.compareAndSet(null, ld);
                  return first.get();
                }));
    Cli owner = user("owner");
    String link = channel(owner, attacking, honest);
    Cli member = user("member");
    member.ok("join", link); // both relays serve the same (first) version so far
    owner.ok("channel", "profile", "News", "--description", "new schedule");
    // The member learns the new version from the honest relay (the old copy is not older than
    // what it held before, so it is only not the one kept)...
    member.ok("join", link);
    // ...and from then on the relay's old copy is a rollback, refused.
    Cli.Result again = member.run("join", link);
    assertThat(again.err())
        .as(again.toString())
        .contains("relay link data not used: " + attacking.name())
        .contains("ROLLBACK");
  }

  /** An attack on deliveries: {@code change} rewrites each DELIVER into the frames to send. */
  private static Supplier<TamperProxy.Attack> onDeliver(
      Supplier<Function<Frame, List<Frame>>> perConnection) {
    return () -> {
      Function<Frame, List<Frame>> change = perConnection.get();
      return f -> f.message() instanceof Deliver ? change.apply(f) : List.of(f);
    };
  }

  /** A channel whose member reads through the attacking relay only. */
  private Cli memberOnlyOn(Cli owner, Relays.Relay attacking, Relays.Relay honest) {
    String link = channel(owner, attacking, honest);
    Cli member = user("member");
    member.ok("join", link, "--relays", "1");
    return member;
  }

  @Test
  void aForgedPostIsRejected() {
    Relays.Relay honest = relays.start();
    Relays.Relay attacking =
        relays.startAttacking(
            onDeliver(
                () ->
                    f -> {
                      Deliver d = (Deliver) f.message();
                      Post fake =
                          Post.sign(
                              new byte[32], new byte[16], relayKey, 1, 0, "forged by the relay");
                      return List.of(
                          new Frame(
                              f.version(),
                              f.corrId(),
                              new Deliver(d.addressId(), d.seq(), fake, d.certificate())));
                    }));
    Cli owner = user("owner");
    Cli member = memberOnlyOn(owner, attacking, honest);
    owner.ok("post", "News", "genuine");
    Cli.Result r = member.run("read", "News");
    assertThat(r.out()).doesNotContain("forged by the relay").doesNotContain("genuine");
    assertThat(r.err()).contains("rejected post #1 from relay " + attacking.name());
  }

  @Test
  void replayedPostsAreShownOnce() {
    Relays.Relay honest = relays.start();
    Relays.Relay attacking = relays.startAttacking(onDeliver(() -> f -> List.of(f, f, f)));
    Cli owner = user("owner");
    Cli member = memberOnlyOn(owner, attacking, honest);
    owner.ok("post", "News", "once");
    owner.ok("post", "News", "twice");
    Cli.Result r = member.run("read", "News");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Cli.texts(r)).containsExactly("once", "twice");
  }

  @Test
  void reorderedPostsAreReported() {
    Relays.Relay honest = relays.start();
    // Holds each odd delivery and sends it after the next one.
    Relays.Relay attacking =
        relays.startAttacking(
            onDeliver(
                () -> {
                  AtomicReference<Frame> held = new AtomicReference<>();
                  return f -> {
                    Frame h = held.getAndSet(null);
                    if (h == null) {
                      held.set(f);
                      return List.of();
                    }
                    return List.of(f, h);
                  };
                }));
    Cli owner = user("owner");
    Cli member = memberOnlyOn(owner, attacking, honest);
    owner.ok("post", "News", "first");
    owner.ok("post", "News", "second");
    owner.ok("post", "News", "third");
    Cli.Result r = member.run("read", "News", "--limit", "2");
    assertThat(Cli.texts(r)).containsExactly("second", "first");
    assertThat(r.err())
        .as(r.toString())
        .contains("out of order: post 2")
        .contains("before post 1")
        .contains("a relay reordered or withheld posts");
  }

  @Test
  void aSubstitutedMemberKeyShowsAsUnverified() {
    Relays.Relay honest = relays.start();
    // Re-signs member posts with the relay's key (for the right group: it learns the group id
    // from the link data it serves), keeping the member's certificate attached.
    AtomicReference<byte[]> groupId = new AtomicReference<>();
    Relays.Relay attacking =
        relays.startAttacking(
            () ->
                f -> {
                  if (f.message() instanceof LinkData ld) {
                    groupId.set(FixedLinkData.decode(ld.fixedData().toByteArray()).groupId());
                    return List.of(f);
                  }
                  if (!(f.message() instanceof Deliver d) || d.certificate().isEmpty()) {
                    return List.of(f);
                  }
                  Post p = d.post();
                  Post swapped =
                      Post.sign(
                          groupId.get(), p.postId(), relayKey, p.authorSeq(), p.sentAt(), p.text());
                  return List.of(
                      new Frame(
                          f.version(),
                          f.corrId(),
                          new Deliver(d.addressId(), d.seq(), swapped, d.certificate())));
                });
    Cli owner = user("owner");
    String link =
        owner
            .ok(
                "channel",
                "create",
                "Talk",
                "--group",
                "--relay",
                attacking.address(),
                "--relay",
                honest.address())
            .value("link: ");
    Cli alice = user("alice");
    String aliceKey = alice.ok("join", link).value("member key: ");
    owner.ok("channel", "certify", "Talk", aliceKey);
    alice.ok("post", "Talk", "hello from alice");
    Cli reader = user("reader");
    reader.ok("join", link, "--relays", "1");
    Cli.Result r = reader.run("read", "Talk");
    assertThat(r.out()).contains("(unverified) hello from alice").doesNotContain("(certified)");
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
