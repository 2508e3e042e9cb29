package io.chatrelay.client.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.group.FixedLinkData;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.group.GroupProfile;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.MutableLinkData;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.group.SignedLinkData;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.LinkType;
import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.ShortLinkScheme;
import io.chatrelay.codec.link.SmpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientHomeTest {
  @TempDir Path dir;
  private final Random random = new Random(7);

  private Ed25519KeyPair key() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return Ed25519KeyPair.fromSeed(seed);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private record Group(FixedLinkData fixed, Ed25519KeyPair root, GroupShortLink link) {
    GroupLinkData data(long version, List<RelayEntry> relays) {
      MutableLinkData m =
          new MutableLinkData(version, List.of(), new GroupProfile("g", null).toJson(), relays);
      return GroupLinkData.verify(
          fixed.linkKey(), fixed.encode(), SignedLinkData.sign(fixed, m, root).encode());
    }
  }

  private Group group() {
    Ed25519KeyPair root = key();
    FixedLinkData fixed = FixedLinkData.create(GroupType.CHANNEL, root.publicKey());
    GroupShortLink link =
        new GroupShortLink(
            ShortLinkScheme.HTTPS,
            LinkType.CHANNEL,
            SmpServer.of(List.of("127.0.0.1"), 5301, bytes(32)),
            fixed.linkKey(),
            List.of());
    return new Group(fixed, root, link);
  }

  private RelayEntry entry(int port) {
    return new RelayEntry(
        SmpServer.of(List.of("127.0.0.1"), port, bytes(32)), bytes(24), key().publicKey());
  }

  @Test
  void groupsRoundTripWithKeysPositionsAndCountersAndFilesArePrivate() throws Exception {
    ClientHome home = ClientHome.open(dir.resolve("h"));
    Group g = group();
    RelayEntry a = entry(5301);
    GroupState s = GroupState.of("news", g.link(), g.data(2, List.of(a)));
    Ed25519KeyPair member = key();
    s.setMemberKey(member);
    s.setOwnerKey(g.root(), true);
    home.create(s);

    String address = a.toLink().print();
    GroupState updated =
        home.update(
            s,
            x -> {
              x.markJoined(address);
              x.advance(address, 7);
              x.advance(address, 3); // never back
              x.markSeen(List.of(new byte[] {1, 2, 3}));
            });
    assertThat(home.update(updated, x -> x.nextAuthorSeq(g.root())).authorSeqOf(g.root()))
        .isEqualTo(1);
    GroupState back = home.byName("news").orElseThrow();
    assertThat(back.relay(address).orElseThrow().lastSeq()).isEqualTo(7);
    assertThat(back.relay(address).orElseThrow().joined()).isTrue();
    assertThat(back.memberKey()).contains(member);
    assertThat(back.ownerKey()).contains(g.root());
    assertThat(back.ownerIsRoot()).isTrue();
    assertThat(back.seen(new byte[] {1, 2, 3})).isTrue();
    assertThat(back.linkData().version()).isEqualTo(2);
    assertThat(home.byLinkKey(g.fixed().linkKey())).isPresent();
    try (var files = Files.list(dir.resolve("h/groups"))) {
      Path f = files.findFirst().orElseThrow();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
          .isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("h"))))
        .isEqualTo("rwx------");
  }

  @Test
  void olderLinkDataIsRefusedAndTheRelayListIsFollowed() {
    Group g = group();
    RelayEntry a = entry(5301);
    RelayEntry b = entry(5302);
    GroupState s = GroupState.of("news", g.link(), g.data(3, List.of(a, b)));
    s.advance(a.toLink().print(), 4);
    assertThat(s.acceptLinkData(g.data(2, List.of(a)))).isFalse();
    assertThat(s.relays()).hasSize(2);
    assertThat(s.acceptLinkData(g.data(4, List.of(a)))).isTrue();
    assertThat(s.relays()).extracting(RelayState::address).containsExactly(a.toLink().print());
    assertThat(s.relays().get(0).lastSeq()).isEqualTo(4);
  }

  @Test
  void namesAreMadeUniqueAndAGroupIsHeldOnce() {
    ClientHome home = ClientHome.open(dir);
    Group g1 = group();
    Group g2 = group();
    home.create(GroupState.of("news", g1.link(), g1.data(1, List.of())));
    assertThat(home.create(GroupState.of("news", g2.link(), g2.data(1, List.of()))).name())
        .isEqualTo("news-2");
    assertThatThrownBy(() -> home.create(GroupState.of("x", g1.link(), g1.data(1, List.of()))))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("already holds that group, as 'news'");
    home.delete(home.byName("news").orElseThrow());
    assertThat(home.groups()).extracting(GroupState::name).containsExactly("news-2");
  }

  @Test
  void seenPostsAreBounded() {
    Group g = group();
    GroupState s = GroupState.of("news", g.link(), g.data(1, List.of()));
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < GroupState.SEEN_LIMIT + 10; i++) {
      ids.add(bytes(16));
    }
    s.markSeen(ids);
    assertThat(s.seenPostIds()).hasSize(GroupState.SEEN_LIMIT);
    assertThat(s.seen(ids.get(0))).isFalse();
    assertThat(s.seen(ids.get(ids.size() - 1))).isTrue();
  }

  @Test
  void relayConfigurationAddsOnceAndRemovesByIdentity() {
    ClientHome home = ClientHome.open(dir);
    RelayShortLink r =
        new RelayShortLink(
            ShortLinkScheme.HTTPS,
            SmpServer.of(List.of("127.0.0.1"), 5301, bytes(32)),
            Optional.empty(),
            key().publicKey().bytes());
    assertThat(home.addRelay(r)).isTrue();
    assertThat(home.addRelay((RelayShortLink) Links.parse(r.print()))).isFalse();
    assertThat(home.relays()).containsExactly(r.print());
    assertThat(home.removeRelay(r)).isTrue();
    assertThat(home.removeRelay(r)).isFalse();
    assertThat(home.relays()).isEmpty();
  }
}
