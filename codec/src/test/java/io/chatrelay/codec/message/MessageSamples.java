package io.chatrelay.codec.message;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.MemberCertificate;
import io.chatrelay.codec.group.OwnerAction;
import io.chatrelay.codec.group.OwnerCommand;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.version.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Random but valid instances of every message, for round trips and fuzzing. */
public final class MessageSamples {
  private final Random random;

  public MessageSamples(Random random) {
    this.random = random;
  }

  public byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  Bytes b(int n) {
    return Bytes.of(bytes(n));
  }

  Bytes address() {
    return b(24);
  }

  public Ed25519KeyPair key() {
    return Ed25519KeyPair.fromSeed(bytes(32));
  }

  String text(int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(max + 1); i > 0; i--) {
      sb.append(
          (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 0x430 + random.nextInt(32)));
    }
    return sb.toString();
  }

  Post post() {
    return Post.sign(
        bytes(32),
        bytes(16 + random.nextInt(17)),
        key(),
        1 + random.nextInt(1000),
        random.nextLong() & Long.MAX_VALUE,
        text(200));
  }

  MemberCertificate certificate() {
    return MemberCertificate.issue(bytes(32), key().publicKey(), random.nextLong(), key());
  }

  Optional<MemberCertificate> maybeCertificate() {
    return random.nextBoolean() ? Optional.of(certificate()) : Optional.empty();
  }

  OwnerAction action() {
    return switch (random.nextInt(4)) {
      case 0 -> new OwnerAction.SuspendJoins();
      case 1 -> new OwnerAction.ResumeJoins();
      case 2 -> new OwnerAction.RemoveRelay();
      default -> new OwnerAction.ReadLog(random.nextInt(1000), random.nextBoolean());
    };
  }

  RelayEntry relayEntry() {
    List<String> hosts = new ArrayList<>();
    for (int i = random.nextInt(3) + 1; i > 0; i--) {
      hosts.add("h" + random.nextInt(10000) + ".example");
    }
    return new RelayEntry(
        SmpServer.of(hosts, 1 + random.nextInt(65535), bytes(32)), bytes(24), key().publicKey());
  }

  /** One random valid message of every type, in tag order. */
  public List<Message> all() {
    return List.of(
        new ClientHello(new VersionRange(1, 1 + random.nextInt(5)), b(32)),
        new Invite(b(random.nextInt(200)), b(random.nextInt(3000)), key().publicKey(), b(64)),
        new LinkUpdate(address(), b(random.nextInt(3000))),
        new Command(
            OwnerCommand.sign(bytes(32), bytes(24), bytes(16), random.nextLong(), action(), key())),
        new GetLink(b(32)),
        Join.sign(
            address(),
            key(),
            random.nextBoolean() ? Optional.of(b(random.nextInt(500))) : Optional.empty()),
        new Publish(address(), post()),
        Subscribe.sign(address(), key(), random.nextInt(100000), bytes(32)),
        new Certify(address(), certificate()),
        new Ping(),
        new RelayHello(1, b(random.nextInt(600)), b(32), b(64)),
        new Accepted(relayEntry()),
        new Rejected("POLICY", text(50)),
        new LinkData(b(random.nextInt(200)), b(random.nextInt(3000))),
        new Ok(),
        new Queued(1 + random.nextInt(1_000_000)),
        new Joined(address(), 1 + random.nextInt(1000), random.nextInt(1000), maybeCertificate()),
        new Posted(1 + random.nextInt(1000), b(16 + random.nextInt(17))),
        new Subscribed(random.nextInt(1000)),
        new Deliver(address(), 1 + random.nextInt(100000), post(), maybeCertificate()),
        new LogEntry(
            address(),
            1 + random.nextInt(100),
            random.nextLong(),
            "COMMAND",
            b(random.nextInt(300))),
        new ErrorMessage(
            ErrorCode.values()[random.nextInt(ErrorCode.values().length)],
            random.nextInt(10000),
            text(60)),
        new Pong());
  }

  public Frame frame(Message m) {
    return new Frame(1, bytes(random.nextInt(25)), m);
  }
}
