package io.chatrelay.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.demo.TamperProxy;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.ShortLinkScheme;
import io.chatrelay.server.config.Limits;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Posting and reading through several relays: de-duplication, resume, failover, tampering. */
@ExtendWith(TestDatabaseExtension.class)
class ReadingIT {
  @TempDir Path tmp;
  private Relays relays;
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp(TestDatabase db) {
    relays = new Relays(db);
  }

  @AfterEach
  void tearDown() throws Exception {
    background.shutdownNow();
    background.awaitTermination(30, TimeUnit.SECONDS);
    relays.close();
  }

  private Cli user(String name) {
    return new Cli(tmp.resolve(name));
  }

  /** Creates "News" on the relays and has a member join it; returns the link. */
  private String channelWithMember(Cli owner, Cli member, Relays.Relay... on) {
    String[] args = new String[3 + 2 * on.length];
    args[0] = "channel";
    args[1] = "create";
    args[2] = "News";
    for (int i = 0; i < on.length; i++) {
      args[3 + 2 * i] = "--relay";
      args[4 + 2 * i] = on[i].address();
    }
    String link = owner.ok(args).value("link: ");
    member.ok("join", link);
    return link;
  }

  @Test
  void eachPostIsShownOnceAndANewInvocationReadsOnlyNewPosts() {
    Relays.Relay a = relays.start();
    Relays.Relay b = relays.start();
    Cli owner = user("owner");
    Cli member = user("member");
    channelWithMember(owner, member, a, b);

    assertThat(owner.ok("post", "News", "one").out()).contains("to 2 of 2 relays");
    owner.ok("post", "News", "two\nlines");
    // Both relays deliver both posts: each is printed once, in order, verified as the owner's.
    Cli.Result first = member.ok("read", "News");
    assertThat(Cli.texts(first)).containsExactly("one", "two\\nlines");
    assertThat(first.lines()).allMatch(l -> l.contains(" owner:"));

    // A new client process resumes after what it read.
    assertThat(member.ok("read", "News").lines()).isEmpty();
    owner.ok("post", "News", "three");
    assertThat(Cli.texts(member.ok("read", "News"))).containsExactly("three");
    assertThat(member.ok("read", "News").lines()).isEmpty();
  }

  @Test
  void readingGoesOnThroughAnotherRelayWhenOneStops() {
    Relays.Relay a = relays.start();
    Relays.Relay b = relays.start();
    Cli owner = user("owner");
    Cli member = user("member");
    channelWithMember(owner, member, a, b);
    owner.ok("post", "News", "one");
    assertThat(Cli.texts(member.ok("read", "News"))).containsExactly("one");

    a.stop();
    Cli.Result partial = owner.run("post", "News", "two");
    assertThat(partial.exit()).as(partial.toString()).isZero();
    assertThat(partial.out()).contains("to 1 of 2 relays: " + b.name());
    assertThat(partial.err()).contains("relay did not accept the post: " + a.name());

    Cli.Result read = member.run("read", "News");
    assertThat(read.exit()).as(read.toString()).isZero();
    assertThat(Cli.texts(read)).containsExactly("two");
    assertThat(read.err()).contains("relay " + a.name() + " unavailable");

    // The other way round: b stops, a is back (it never stored "two").
    a.restart();
    b.stop();
    owner.run("post", "News", "three");
    Cli.Result after = member.run("read", "News");
    assertThat(Cli.texts(after)).as(after.toString()).containsExactly("three");

    // No relay at all: each is reported, then one error line and a non-zero exit.
    a.stop();
    Cli.Result none = member.run("read", "News");
    assertThat(none.exit()).as(none.toString()).isEqualTo(1);
    assertThat(none.err().lines().toList())
        .containsExactlyInAnyOrder(
            none.err()
                .lines()
                .filter(l -> l.startsWith("relay " + a.name() + " unavailable"))
                .findFirst()
                .orElse("missing a"),
            none.err()
                .lines()
                .filter(l -> l.startsWith("relay " + b.name() + " unavailable"))
                .findFirst()
                .orElse("missing b"),
            "relay-cli: no relay of 'News' answered");
  }

  @Test
  void followingKeepsReadingAcrossAFailover() throws Exception {
    Relays.Relay a = relays.start();
    Relays.Relay b = relays.start();
    Cli owner = user("owner");
    Cli member = user("member");
    channelWithMember(owner, member, a, b);
    Future<Cli.Result> follower =
        background.submit(
            () -> member.run("read", "News", "--follow", "--limit", "3", "--ping-interval", "1"));
    owner.ok("post", "News", "one");
    a.stop();
    owner.run("post", "News", "two");
    owner.run("post", "News", "three");
    Cli.Result r = follower.get(120, TimeUnit.SECONDS);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Cli.texts(r)).containsExactly("one", "two", "three");
    // Then a plain read finds nothing new: the follower saved its positions.
    a.restart();
    assertThat(member.ok("read", "News").lines()).isEmpty();

    // A follower gives up, with one error line, once no relay answers any more. (The relays are
    // stopped first: an in-process relay's close leaves open WebSocket sessions answering.)
    a.stop();
    b.stop();
    Cli.Result gaveUp = member.run("read", "News", "--follow");
    assertThat(gaveUp.exit()).as(gaveUp.toString()).isEqualTo(1);
    assertThat(gaveUp.lines()).isEmpty();
    // Two relays, four failures in a row each (GroupReader.GIVE_UP_AFTER).
    assertThat(gaveUp.err().lines().filter(l -> l.contains(" unavailable: ")).count()).isEqualTo(8);
    assertThat(gaveUp.err().lines().reduce((x, y) -> y).orElseThrow())
        .startsWith("relay-cli: no relay of 'News' answers any more");
  }

  @Test
  void aFollowerPingsSoTheRelayDoesNotCloseItsIdleConnection() throws Exception {
    // The relay closes a connection with no inbound frame for 3 s; the follower pings every 1 s.
    Relays.Relay a =
        relays.start(c -> c.withLimits(idleTimeout(c.limits(), Duration.ofSeconds(3))));
    Cli owner = user("owner");
    Cli member = user("member");
    channelWithMember(owner, member, a);
    Future<Cli.Result> follower =
        background.submit(
            () -> member.run("read", "News", "--follow", "--limit", "2", "--ping-interval", "1"));
    owner.ok("post", "News", "before the quiet");
    Thread.sleep(7_000); // over twice the idle timeout with nothing but pings from the follower
    owner.ok("post", "News", "after the quiet");
    Cli.Result r = follower.get(120, TimeUnit.SECONDS);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Cli.texts(r)).containsExactly("before the quiet", "after the quiet");
    // Never disconnected: a dropped connection would have been reported before reconnecting.
    assertThat(r.err()).as(r.toString()).isEmpty();
  }

  static Limits idleTimeout(Limits l, Duration idle) {
    return l.toBuilder().idleTimeout(idle).build();
  }

  @Test
  void aTamperingRelaysPostIsRejectedAndNeverShownAsGenuine() {
    Relays.Relay honest = relays.start();
    Relays.Relay tampering = relays.startTampering(TamperProxy.Mode.POST);
    Cli owner = user("owner");
    Cli member = user("member");
    channelWithMember(owner, member, tampering, honest);
    owner.ok("post", "News", "the meeting is at 10");

    Cli.Result r = member.run("read", "News");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Cli.texts(r)).containsExactly("the meeting is at 10");
    assertThat(r.out()).doesNotContain("rewritten by the relay");
    assertThat(r.err())
        .contains("rejected post #1 from relay " + tampering.name())
        .contains("BAD_SIGNATURE");
    assertThat(tampering.proxy.tampered()).isPositive();

    // With only the tampering relay, nothing is shown at all.
    Cli alone = user("alone");
    GroupShortLink full =
        (GroupShortLink)
            Links.parse(owner.ok("channel", "link", "News", "--no-qr").value("link: "));
    alone.ok("join", full.print(), "--relays", "1");
    Cli.Result only = alone.run("read", "News");
    assertThat(only.exit()).as(only.toString()).isZero();
    assertThat(only.lines()).isEmpty();
    assertThat(only.err()).contains("rejected post #1 from relay " + tampering.name());
  }

  @Test
  void tamperedLinkDataIsRefusedAndTheGenuineCopyIsUsed() {
    Relays.Relay honest = relays.start();
    Relays.Relay tampering = relays.startTampering(TamperProxy.Mode.LINKDATA);
    Cli owner = user("owner");
    String link =
        owner
            .ok(
                "channel",
                "create",
                "News",
                "--relay",
                tampering.address(),
                "--relay",
                honest.address())
            .value("link: ");
    Cli member = user("member");
    Cli.Result joined = member.run("join", link);
    assertThat(joined.exit()).as(joined.toString()).isZero();
    assertThat(joined.out()).contains("joined channel 'News'");
    assertThat(joined.err())
        .contains("relay link data not used: " + tampering.name())
        .contains("BAD_SIGNATURE");

    // A link that names only the tampering relay cannot be resolved.
    GroupShortLink onlyTampering =
        new GroupShortLink(
            ShortLinkScheme.HTTPS,
            ((GroupShortLink) Links.parse(link)).type(),
            tampering.link().server(),
            ((GroupShortLink) Links.parse(link)).linkKey(),
            List.of());
    assertThat(user("other").fails("join", onlyTampering.print()).err())
        .contains("no relay of the link served valid link data")
        .contains("BAD_SIGNATURE");
  }
}
