package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.link.ContactShortLink;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.InvitationShortLink;
import io.chatrelay.codec.link.LinkGen;
import io.chatrelay.codec.link.LinkType;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.ShortLink;
import io.chatrelay.codec.link.ShortLinkScheme;
import io.chatrelay.codec.version.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Random valid link-data values, all with a binary form, for property tests. */
final class LinkDataGen {
  final Random rnd;
  final LinkGen links;

  LinkDataGen(Random rnd) {
    this.rnd = rnd;
    this.links = new LinkGen(rnd);
  }

  byte[] bytes(int n) {
    return LinkDataFixtures.bytes(rnd, n);
  }

  Ed25519KeyPair keyPair() {
    return LinkDataFixtures.keyPair(rnd);
  }

  VersionRange range() {
    int a = rnd.nextInt(10);
    int b = rnd.nextInt(10);
    return new VersionRange(Math.min(a, b), Math.max(a, b));
  }

  /** Lengths around the 254/255 boundary and the padded limits, and anything up to 65535. */
  UserLinkData userData() {
    int n;
    switch (rnd.nextInt(4)) {
      case 0:
        n = 250 + rnd.nextInt(10);
        break;
      case 1:
        n = rnd.nextInt(64);
        break;
      case 2:
        n = rnd.nextInt(2000);
        break;
      default:
        n = rnd.nextInt(UserLinkData.MAX_LENGTH + 1);
    }
    return new UserLinkData(bytes(n));
  }

  /** Short enough for the user data padding, whatever the rest. */
  UserLinkData smallUserData() {
    return new UserLinkData(bytes(rnd.nextInt(rnd.nextBoolean() ? 300 : 4000)));
  }

  OwnerAuth ownerAuth(Ed25519KeyPair signer) {
    byte[] ext = rnd.nextInt(4) == 0 ? bytes(rnd.nextInt(20)) : new byte[0];
    byte[] id = bytes(rnd.nextInt(OwnerAuth.MAX_ID_AND_EXTENSION - ext.length + 1));
    Ed25519KeyPair owner = keyPair();
    OwnerAuth a = OwnerAuth.create(id, owner.publicKey(), signer);
    return new OwnerAuth(a.ownerId(), a.ownerKey(), a.signature(), ext);
  }

  /** A short link in binary form's terms: https scheme, no extensions. */
  ShortLink shortLink(boolean contactOnly) {
    int kind = rnd.nextInt(contactOnly ? 4 : 5);
    switch (kind) {
      case 0:
        return new ContactShortLink(ShortLinkScheme.HTTPS, links.shortLinkServer(), bytes(32));
      case 1:
        return new RelayShortLink(
            ShortLinkScheme.HTTPS, links.shortLinkServer(), Optional.empty(), bytes(32));
      case 2:
      case 3:
        return new GroupShortLink(
            ShortLinkScheme.HTTPS,
            kind == 2 ? LinkType.CHANNEL : LinkType.GROUP,
            links.shortLinkServer(),
            bytes(32),
            List.of());
      default:
        return new InvitationShortLink(
            ShortLinkScheme.HTTPS, links.shortLinkServer(), bytes(24), bytes(32));
    }
  }

  List<ShortLink> relays(int max) {
    List<ShortLink> r = new ArrayList<>();
    int n = rnd.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      r.add(shortLink(true));
    }
    return r;
  }

  /** A valid owner chain: each owner authorised by the root or a random earlier owner. */
  record Chain(List<Ed25519KeyPair> keys, List<OwnerAuth> owners) {}

  Chain chain(Ed25519KeyPair root, int max) {
    List<Ed25519KeyPair> keys = new ArrayList<>();
    List<OwnerAuth> owners = new ArrayList<>();
    int n = rnd.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      Ed25519KeyPair signer = i == 0 || rnd.nextInt(3) == 0 ? root : keys.get(rnd.nextInt(i));
      Ed25519KeyPair k = keyPair();
      byte[] id = new byte[] {(byte) i, (byte) rnd.nextInt(256)};
      keys.add(k);
      owners.add(OwnerAuth.create(id, k.publicKey(), signer));
    }
    return new Chain(keys, owners);
  }

  UserContactData contactData(List<OwnerAuth> owners, UserLinkData d) {
    byte[] ext = rnd.nextBoolean() ? new byte[0] : bytes(rnd.nextInt(40));
    return new UserContactData(rnd.nextBoolean(), owners, relays(4), d, ext);
  }
}
