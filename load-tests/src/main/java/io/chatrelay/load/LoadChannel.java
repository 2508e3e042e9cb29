package io.chatrelay.load;

import io.chatrelay.client.transport.ConnectOptions;
import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.FixedLinkData;
import io.chatrelay.codec.group.GroupProfile;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.MutableLinkData;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.group.SignedLinkData;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.message.Accepted;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.Invite;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.LinkUpdate;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.Ok;
import io.chatrelay.codec.message.Publish;
import io.chatrelay.codec.message.RelayMessage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A channel (or group) as its owner's client sets it up on the relay under test: fresh keys, the
 * add-relay invitation, then link data listing the relay, so the address is validated and joins are
 * admitted. Builds the pre-signed frames the scenarios send.
 */
public final class LoadChannel {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Random random;
  private final Ed25519KeyPair root;
  private final FixedLinkData fixed;
  private final Bytes address;

  private LoadChannel(Random random, Ed25519KeyPair root, FixedLinkData fixed, Bytes address) {
    this.random = random;
    this.root = root;
    this.fixed = fixed;
    this.address = address;
  }

  /** Creates a channel on the relay at {@code server} and validates its address. */
  public static LoadChannel create(SmpServer server, Random random, GroupType type, String name) {
    Ed25519KeyPair root = key(random);
    FixedLinkData fixed = FixedLinkData.create(type, root.publicKey());
    MutableLinkData data =
        new MutableLinkData(1, List.of(), new GroupProfile(name, null).toJson(), List.of());
    ConnectOptions options = ConnectOptions.defaults().withPlain(true);
    try (RelayConnection c = RelayConnection.connect(server, options).block(TIMEOUT)) {
      Invite invite =
          new Invite(
              Bytes.of(fixed.encode()),
              Bytes.of(SignedLinkData.sign(fixed, data, root).encode()),
              root.publicKey(),
              Invite.prove(root, server.keyHash(), c.serverNonce(), fixed.linkKey()));
      RelayMessage answer = c.request(invite).block(TIMEOUT);
      if (!(answer instanceof Accepted accepted)) {
        throw new IllegalStateException("the relay did not accept the channel: " + answer);
      }
      RelayEntry entry = accepted.address();
      MutableLinkData listed = new MutableLinkData(2, List.of(), data.profile(), List.of(entry));
      RelayMessage ok =
          c.request(
                  new LinkUpdate(
                      Bytes.of(entry.addressId()),
                      Bytes.of(SignedLinkData.sign(fixed, listed, root).encode())))
              .block(TIMEOUT);
      if (!(ok instanceof Ok)) {
        throw new IllegalStateException("the relay did not take the link data: " + ok);
      }
      return new LoadChannel(random, root, fixed, Bytes.of(entry.addressId()));
    }
  }

  /** A channel no relay knows, for baselines that only need its posts' shape. */
  public static LoadChannel offline(Random random) {
    Ed25519KeyPair root = key(random);
    byte[] address = new byte[24];
    random.nextBytes(address);
    return new LoadChannel(
        random, root, FixedLinkData.create(GroupType.CHANNEL, root.publicKey()), Bytes.of(address));
  }

  public static Ed25519KeyPair key(Random random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return Ed25519KeyPair.fromSeed(seed);
  }

  /** The per-group relay address id. */
  public Bytes address() {
    return address;
  }

  /** A signed join by a fresh member key. */
  public Join join(Ed25519KeyPair member) {
    return Join.sign(address, member, Optional.empty());
  }

  /** The {@code JOIN} frame of {@code member}, with correlation id {@code corr}. */
  public byte[] joinFrame(Ed25519KeyPair member, long corr) {
    return MessageCodec.encode(new Frame(1, corr(corr), join(member)));
  }

  /**
   * A {@code POST} frame, signed by the root key, whose author sequence number is {@code n} and
   * whose body is {@code payload} bytes; the correlation id is {@code n} too.
   */
  public byte[] postFrame(long n, int payload) {
    return MessageCodec.encode(new Frame(1, corr(n), new Publish(address, post(n, payload))));
  }

  /** The post with author sequence number {@code n}. */
  public Post post(long n, int payload) {
    char[] body = new char[payload];
    for (int i = 0; i < payload; i++) {
      body[i] = (char) ('a' + random.nextInt(26));
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    return Post.sign(fixed.groupId(), id, root, n, System.currentTimeMillis(), new String(body));
  }

  /** An 8-byte correlation id carrying {@code n}. */
  public static byte[] corr(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }
}
