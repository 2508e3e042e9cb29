package io.chatrelay.codec.link;

import io.chatrelay.codec.crypto.DhAlgorithm;
import io.chatrelay.codec.crypto.DhPublicKey;
import io.chatrelay.codec.crypto.KemPublicKey;
import io.chatrelay.codec.version.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/** Random valid link values for property tests (public for the link-data tests). */
public final class LinkGen {
  private final Random rnd;

  public LinkGen(Random rnd) {
    this.rnd = rnd;
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  String host() {
    switch (rnd.nextInt(3)) {
      case 0:
        return rnd.nextInt(256)
            + "."
            + rnd.nextInt(256)
            + "."
            + rnd.nextInt(256)
            + "."
            + rnd.nextInt(256);
      case 1:
        return chars("abcdefghijklmnopqrstuvwxyz234567", 16 + rnd.nextInt(41)) + ".onion";
      default:
        int labels = 1 + rnd.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels; i++) {
          if (i > 0) {
            sb.append('.');
          }
          sb.append(chars("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-_", 1 + rnd.nextInt(12)));
        }
        return sb.toString();
    }
  }

  private String chars(String alphabet, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  List<String> hosts() {
    List<String> hs = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      hs.add(host());
    }
    return hs;
  }

  OptionalInt port() {
    return rnd.nextBoolean() ? OptionalInt.empty() : OptionalInt.of(1 + rnd.nextInt(65535));
  }

  SmpServer server() {
    return new SmpServer(hosts(), port(), bytes(rnd.nextBoolean() ? 32 : 1 + rnd.nextInt(40)));
  }

  /** A server as a short link may carry it: key hash possibly empty. */
  public SmpServer shortLinkServer() {
    return new SmpServer(hosts(), port(), rnd.nextInt(4) == 0 ? new byte[0] : bytes(32));
  }

  VersionRange range(int lo, int hi) {
    int a = lo + rnd.nextInt(hi - lo + 1);
    int b = lo + rnd.nextInt(hi - lo + 1);
    return new VersionRange(Math.min(a, b), Math.max(a, b));
  }

  Optional<QueueMode> mode() {
    int m = rnd.nextInt(3);
    return m == 0
        ? Optional.empty()
        : Optional.of(m == 1 ? QueueMode.MESSAGING : QueueMode.CONTACT);
  }

  SmpQueueUri queue() {
    return new SmpQueueUri(
        range(0, 8),
        server(),
        bytes(1 + rnd.nextInt(40)),
        DhPublicKey.fromRaw(DhAlgorithm.X25519, bytes(32)),
        mode());
  }

  E2eRatchetParams e2e() {
    VersionRange vr = range(1, 5);
    Optional<KemPublicKey> kem =
        vr.max() >= E2eRatchetParams.PQ_VERSION && rnd.nextBoolean()
            ? Optional.of(new KemPublicKey(bytes(KemPublicKey.LENGTH)))
            : Optional.empty();
    return new E2eRatchetParams(
        vr,
        DhPublicKey.fromRaw(DhAlgorithm.X448, bytes(56)),
        DhPublicKey.fromRaw(DhAlgorithm.X448, bytes(56)),
        kem);
  }

  Optional<String> clientData() {
    if (rnd.nextBoolean()) {
      return Optional.empty();
    }
    String alphabet = "{}\":,ab c01é€+&;=%/?#";
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(40);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return Optional.of(sb.toString());
  }

  public ConnectionRequest connectionRequest() {
    List<SmpQueueUri> qs = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      qs.add(queue());
    }
    if (rnd.nextBoolean()) {
      return new InvitationRequest(new ConnReqData(range(0, 9), qs, clientData()), e2e());
    }
    // contact ranges are adjusted on reading: generate ones that are already adjusted
    return new ContactRequest(new ConnReqData(range(2, 9), qs, clientData()));
  }

  ShortLinkScheme scheme() {
    return rnd.nextBoolean() ? ShortLinkScheme.HTTPS : ShortLinkScheme.SIMPLEX;
  }

  ShortLink shortLink() {
    switch (rnd.nextInt(5)) {
      case 0:
        return new InvitationShortLink(scheme(), shortLinkServer(), bytes(24), bytes(32));
      case 1:
        return new ContactShortLink(scheme(), shortLinkServer(), bytes(32));
      case 2:
        return new RelayShortLink(
            scheme(),
            shortLinkServer(),
            rnd.nextBoolean() ? Optional.empty() : Optional.of(bytes(24)),
            bytes(32));
      default:
        List<SmpServer> relays = new ArrayList<>();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          relays.add(new SmpServer(hosts(), port(), bytes(32)));
        }
        return new GroupShortLink(
            scheme(),
            rnd.nextBoolean() ? LinkType.CHANNEL : LinkType.GROUP,
            shortLinkServer(),
            bytes(32),
            relays);
    }
  }
}
