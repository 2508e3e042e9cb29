package io.chatrelay.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.LinkType;
import io.chatrelay.codec.link.Links;
import io.chatrelay.server.config.AdmissionPolicy;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The owner's commands of relay-cli against real relays. */
@ExtendWith(TestDatabaseExtension.class)
class OwnerCommandsIT {
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
  void relayConfigurationAndRelayAddressesAreNotContacts() {
    Relays.Relay a = relays.start();
    Cli owner = user("owner");
    assertThat(owner.ok("relays", "add", a.address()).out())
        .isEqualTo("added relay " + a.name() + "\n");
    assertThat(owner.ok("relays", "add", a.address()).out()).contains("already configured");
    assertThat(owner.ok("relays", "list").lines()).containsExactly(a.link().print());

    // A relay address where a contact or group is expected: refused, with the offer to add it.
    for (String[] args :
        List.of(
            new String[] {"join", a.address()},
            new String[] {"read", a.address()},
            new String[] {"post", a.address(), "hi"},
            new String[] {"channel", "adopt", a.address()})) {
      Cli.Result r = owner.fails(args);
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err())
          .contains("this is a chat relay, not a contact")
          .contains("relay-cli relays add " + a.address());
    }
    assertThat(owner.fails("relays", "add", "not a link").err()).contains("invalid link");
    assertThat(owner.fails("read", "nothing-here").err()).contains("no channel or group named");

    assertThat(owner.ok("relays", "remove", a.address()).out()).contains("removed relay");
    assertThat(owner.ok("relays", "list").lines()).isEmpty();
    assertThat(owner.fails("relays", "remove", a.address()).err()).contains("not configured");
  }

  @Test
  void createReportsARejectingRelayAndLeavesItOut() {
    Relays.Relay a = relays.start();
    Relays.Relay b = relays.start();
    // An allow-list that names no group of ours: this relay rejects every invitation.
    Relays.Relay strict =
        relays.start(c -> c.withAdmission(new AdmissionPolicy(Set.of("someone-else"), List.of())));
    Cli owner = user("owner");
    Cli.Result r =
        owner.run(
            "channel",
            "create",
            "News",
            "--description",
            "the news",
            "--relay",
            a.address(),
            "--relay",
            b.address(),
            "--relay",
            strict.address());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("channel 'News' created on 2 of 3 relays");
    assertThat(r.err()).contains(strict.name()).contains("rejected (POLICY)");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.out()).contains("\u2588\u2588");

    GroupShortLink link = (GroupShortLink) Links.parse(r.value("link: "));
    assertThat(link.type()).isEqualTo(LinkType.CHANNEL);
    assertThat(link.server()).isEqualTo(a.link().server());
    assertThat(link.extraRelays()).containsExactly(b.link().server());
    // New relays that accepted are in the configuration now; the one that rejected is not.
    assertThat(owner.ok("relays", "list").lines())
        .containsExactly(a.link().print(), b.link().print());
    assertThat(owner.ok("channel", "link", "News", "--no-qr").lines())
        .containsExactly("link: " + link.print());

    Cli member = user("member");
    assertThat(member.ok("join", link.print()).out())
        .contains("joined channel 'News' through " + a.name() + ", " + b.name());

    // Only the rejecting relay: nothing is created.
    Cli.Result none = owner.fails("channel", "create", "Other", "--relay", strict.address());
    assertThat(none.err()).contains("no relay accepted 'Other'").contains("POLICY");
    assertThat(owner.ok("channel", "list").lines()).hasSize(1);
  }

  @Test
  void ownerChangesRelaysProfileAndJoinsAndReadsTheLog() {
    Relays.Relay a = relays.start();
    Relays.Relay b = relays.start();
    Relays.Relay c = relays.start();
    Cli owner = user("owner");
    String link =
        owner
            .ok("channel", "create", "News", "--relay", a.address(), "--relay", b.address())
            .value("link: ");

    assertThat(owner.ok("channel", "profile", "News", "--name", "Daily News").out())
        .contains("profile of 'News' updated (link data version 3");
    assertThat(owner.ok("channel", "relays", "add", "News", c.address()).out())
        .contains("relay added to 'News' (link data version 4");
    assertThat(owner.ok("channel", "link", "News", "--no-qr").out())
        .contains(c.name().split(":")[1]);

    // A member with the original link learns the new profile and the added relay from the
    // signed link data.
    Cli first = user("first");
    assertThat(first.ok("join", link).out())
        .contains(
            "joined channel 'Daily News' through " + a.name() + ", " + b.name() + ", " + c.name());

    assertThat(owner.ok("channel", "relays", "remove", "News", b.address()).out())
        .contains("relay removed from 'News' (link data version 5");
    // The original link still names the removed relay, which no longer serves the group.
    Cli.Result second = user("second").run("join", link);
    assertThat(second.exit()).as(second.toString()).isZero();
    assertThat(second.out()).contains("through " + a.name() + ", " + c.name() + "\n");
    assertThat(second.err())
        .isEqualTo(
            "relay link data not used: "
                + b.name()
                + ": UNKNOWN_ADDRESS: this relay serves no such group\n");

    assertThat(owner.ok("channel", "suspend", "News").out())
        .isEqualTo("joins suspended at " + a.name() + ", " + c.name() + "\n");
    assertThat(owner.ok("channel", "resume", "News").out()).startsWith("joins resumed at ");

    List<String> log = owner.ok("channel", "log", "News").lines();
    assertThat(log).anyMatch(l -> l.startsWith(a.name() + " #1 ") && l.contains(" ACCEPTED "));
    assertThat(log).anyMatch(l -> l.startsWith(a.name()) && l.contains(" VALIDATED"));
    assertThat(log)
        .anyMatch(
            l ->
                l.startsWith(c.name())
                    && l.contains(" COMMAND suspend joins by owner ")
                    && l.endsWith("owner signature verified"));
    assertThat(log).anyMatch(l -> l.startsWith(c.name()) && l.endsWith(" SUSPENDED"));
    assertThat(log).anyMatch(l -> l.startsWith(a.name()) && l.endsWith(" RESUMED"));
    assertThat(log).noneMatch(l -> l.startsWith(b.name()));

    // The last relay cannot be removed: that is deleting the group link.
    owner.ok("channel", "relays", "remove", "News", c.address());
    assertThat(owner.fails("channel", "relays", "remove", "News", a.address()).err())
        .contains("last relay")
        .contains("channel delete");
  }

  @Test
  void deletingTheGroupLinkNeedsConfirmationAndThenNoRelayServesIt() {
    Relays.Relay a = relays.start();
    Relays.Relay b = relays.start();
    Cli owner = user("owner");
    String link =
        owner
            .ok("channel", "create", "News", "--relay", a.address(), "--relay", b.address())
            .value("link: ");

    Cli.Result refused = owner.runWithInput("news\n", "channel", "delete", "News");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("not confirmed: nothing was changed");
    assertThat(user("member").ok("join", link).out()).contains("joined channel 'News'");

    Cli.Result deleted = owner.runWithInput("News\n", "channel", "delete", "News");
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    assertThat(deleted.out())
        .contains("Type the name (News) to confirm")
        .contains("deleted the link");
    assertThat(owner.ok("channel", "list").lines()).isEmpty();
    assertThat(user("late").fails("join", link).err())
        .contains("no relay of the link served valid link data")
        .contains("UNKNOWN_ADDRESS");

    // --yes skips the question.
    owner.ok("channel", "create", "Other", "--relay", a.address());
    assertThat(owner.ok("channel", "delete", "Other", "--yes").out()).contains("deleted the link");
  }
}
