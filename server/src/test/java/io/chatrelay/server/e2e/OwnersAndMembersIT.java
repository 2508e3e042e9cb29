package io.chatrelay.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A second owner joining the owner chain; members posting in a group and being certified. */
@ExtendWith(TestDatabaseExtension.class)
class OwnersAndMembersIT {
  @TempDir Path tmp;
  private Relays relays;

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

  @Test
  void aMemberToldBusyJoinsAfterTheDelayTheRelayAsked() {
    // One join a second: the first member takes it, the second is told BUSY (about 1 s).
    Relays.Relay a =
        relays.start(c -> c.withLimits(c.limits().toBuilder().joinsPerSecondPerGroup(1).build()));
    String link =
        user("owner").ok("channel", "create", "Slow", "--relay", a.address()).value("link: ");
    assertThat(user("first").ok("join", link).out()).contains("joined channel 'Slow'");

    Cli.Result second = user("second").ok("join", link);
    assertThat(second.out()).contains("joined channel 'Slow'");
    assertThat(second.err()).doesNotContain("did not take the join");
  }

  @Test
  void aSecondOwnerAdoptsTheChannelIsAddedAndThenPostsAndCommands() {
    Relays.Relay a = relays.start();
    Relays.Relay b = relays.start();
    Cli first = user("first");
    String link =
        first
            .ok("channel", "create", "News", "--relay", a.address(), "--relay", b.address())
            .value("link: ");
    Cli member = user("member");
    member.ok("join", link);

    Cli second = user("second");
    String key = second.ok("channel", "adopt", link).value("owner key: ");
    // Not an owner until an owner signs the key into the chain.
    assertThat(second.fails("post", "News", "too early").err())
        .contains("not in its signed owner chain");
    assertThat(second.fails("channel", "suspend", "News").err())
        .contains("channel owners add CHANNEL " + key);
    assertThat(first.fails("channel", "owners", "add", "News", "not-a-key").exit()).isEqualTo(2);

    assertThat(first.ok("channel", "owners", "add", "News", key).out())
        .contains("owner " + key.substring(0, 8) + " added to 'News'");
    assertThat(second.ok("post", "News", "hello from the second owner").out())
        .contains("as owner (#1) to 2 of 2 relays");
    first.ok("post", "News", "hello from the first owner");

    Cli.Result read = member.ok("read", "News");
    assertThat(Cli.texts(read))
        .containsExactly("hello from the second owner", "hello from the first owner");
    assertThat(read.lines().get(0)).contains(" owner:" + key.substring(0, 8) + " ");

    // The second owner's commands are signed by their key and verified in the log.
    second.ok("channel", "suspend", "News");
    List<String> log = first.ok("channel", "log", "News").lines();
    assertThat(log)
        .anyMatch(
            l ->
                l.contains("COMMAND suspend joins by owner " + key.substring(0, 8))
                    && l.endsWith("owner signature verified"));
    // And the second owner may add a third: authorised by the second owner's chain entry.
    Cli third = user("third");
    String key3 = third.ok("channel", "adopt", link).value("owner key: ");
    second.ok("channel", "owners", "add", "News", key3);
    assertThat(third.ok("post", "News", "third").out()).contains("as owner");
  }

  @Test
  void inAGroupMembersPostAndOwnersCertifyTheirKeys() {
    Relays.Relay a = relays.start();
    Cli owner = user("owner");
    String link =
        owner.ok("channel", "create", "Club", "--group", "--relay", a.address()).value("link: ");
    assertThat(link).contains("/g#");
    Cli alice = user("alice");
    Cli bob = user("bob");
    String aliceKey = alice.ok("join", link).value("member key: ");
    bob.ok("join", link);

    assertThat(alice.ok("post", "Club", "hi from alice").out()).contains("as member (#1)");
    bob.ok("post", "Club", "hi from bob");
    assertThat(owner.ok("channel", "certify", "Club", aliceKey).out())
        .isEqualTo("member " + aliceKey.substring(0, 8) + " certified at " + a.name() + "\n");
    owner.ok("post", "Club", "welcome");

    Cli carol = user("carol");
    carol.ok("join", link);
    List<String> lines = carol.ok("read", "Club").lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .contains(" member:" + aliceKey.substring(0, 8) + " (certified) ")
        .endsWith("hi from alice");
    assertThat(lines.get(1)).contains(" (unverified) ").endsWith("hi from bob");
    assertThat(lines.get(2)).contains(" owner:").endsWith("welcome");

    // In a channel members do not post, and there is nobody to certify.
    String news = owner.ok("channel", "create", "News", "--relay", a.address()).value("link: ");
    Cli reader = user("reader");
    String readerKey = reader.ok("join", news).value("member key: ");
    assertThat(reader.fails("post", "News", "me too").err()).contains("only its owners post");
    assertThat(owner.fails("channel", "certify", "News", readerKey).err()).contains("is a channel");
  }
}
