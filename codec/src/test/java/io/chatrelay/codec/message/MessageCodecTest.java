package io.chatrelay.codec.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.crypto.CryptoException;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.crypto.Hashes;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.testing.Seeded;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeded.class)
class MessageCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void pingAndOkFramesAreAnnotatedVectors() {
    // version 1, corrId "ab", tag "PING", empty body
    assertThat(HEX.formatHex(MessageCodec.encode(new Frame(1, new byte[] {'a', 'b'}, new Ping()))))
        .isEqualTo("0001" + "026162" + "0450494e47");
    // version 1, no corrId, tag "QUEUED", joinId 5 as Int64
    assertThat(HEX.formatHex(MessageCodec.encode(Frame.event(1, new Queued(5)))))
        .isEqualTo("0001" + "00" + "06515545554544" + "0000000000000005");
  }

  @Test
  void errorFrameVector() {
    ErrorMessage e = new ErrorMessage(ErrorCode.BUSY, 250, "full");
    assertThat(HEX.formatHex(MessageCodec.encode(Frame.event(1, e))))
        .isEqualTo(
            "0001"
                + "00" // version, no corrId
                + "03455252" // "ERR"
                + "0442555359" // code "BUSY"
                + "000000fa" // retry after 250 ms (Word32)
                + "0466756c6c"); // "full"
  }

  @Test
  void everyMessageRoundTrips(Random random) {
    MessageSamples samples = new MessageSamples(random);
    Set<String> tags = new HashSet<>();
    for (int i = 0; i < Seeded.iterations(100); i++) {
      for (Message m : samples.all()) {
        tags.add(m.tag());
        Frame f = samples.frame(m);
        byte[] bytes = MessageCodec.encode(f);
        Frame back = MessageCodec.decode(bytes, MessageCodec.DEFAULT_MAX_FRAME);
        assertThat(back).as(m.tag()).isEqualTo(f);
        assertThat(MessageCodec.encode(back)).isEqualTo(bytes);
      }
    }
    // Every permitted subtype has a sample (a new message without one fails here).
    int declared =
        ClientMessage.class.getPermittedSubclasses().length
            + RelayMessage.class.getPermittedSubclasses().length;
    assertThat(tags).hasSize(declared);
  }

  @Test
  void everyStrictPrefixIsTruncatedOrInvalidNeverAnotherError(Random random) {
    MessageSamples samples = new MessageSamples(random);
    for (Message m : samples.all()) {
      byte[] bytes = MessageCodec.encode(samples.frame(m));
      for (int cut = 0; cut < bytes.length; cut++) {
        byte[] prefix = Arrays.copyOf(bytes, cut);
        assertThatThrownBy(() -> MessageCodec.decode(prefix, MessageCodec.DEFAULT_MAX_FRAME))
            .as(m.tag() + " cut at " + cut)
            .isInstanceOf(DecodeException.class);
      }
      byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
      assertThatThrownBy(() -> MessageCodec.decode(trailing, MessageCodec.DEFAULT_MAX_FRAME))
          .as(m.tag() + " with a trailing byte")
          .isInstanceOfSatisfying(
              DecodeException.class,
              e ->
                  assertThat(e.reason())
                      .isIn(
                          DecodeException.Reason.TRAILING_DATA,
                          DecodeException.Reason.INVALID_VALUE,
                          DecodeException.Reason.OVER_LIMIT));
    }
  }

  @Test
  void mutatedFramesOnlyFailWithDecodeException(Random random) {
    MessageSamples samples = new MessageSamples(random);
    int decoded = 0;
    int refused = 0;
    // Signing is the slow part of making samples: encode a pool once, mutate copies of it.
    List<byte[]> pool = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      for (Message m : samples.all()) {
        pool.add(MessageCodec.encode(samples.frame(m)));
      }
    }
    for (int i = 0; i < Seeded.iterations(10_000); i++) {
      byte[] bytes = pool.get(random.nextInt(pool.size())).clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      try {
        Frame f = MessageCodec.decode(bytes, MessageCodec.DEFAULT_MAX_FRAME);
        // Whatever decodes re-encodes to the same bytes: no lossy or ambiguous parse.
        assertThat(MessageCodec.encode(f)).isEqualTo(bytes);
        decoded++;
      } catch (DecodeException e) {
        assertThat(e.reason()).isNotNull();
        refused++;
      }
    }
    assertThat(decoded + refused).isEqualTo(Seeded.iterations(10_000));
    assertThat(refused).isPositive();
  }

  @Test
  void limitsAndUnknownsAreTyped() {
    byte[] ping = MessageCodec.encode(new Frame(1, new byte[0], new Ping()));
    assertReason(
        () -> MessageCodec.decode(ping, ping.length - 1), DecodeException.Reason.OVER_LIMIT);
    byte[] v2 = ping.clone();
    v2[1] = 2;
    assertReason(() -> MessageCodec.decode(v2, 100), DecodeException.Reason.UNSUPPORTED_VERSION);
    byte[] unknown = HEX.parseHex("0001" + "00" + "0458585858");
    assertReason(() -> MessageCodec.decode(unknown, 100), DecodeException.Reason.UNKNOWN_TYPE);
    // A relay message arriving at a relay, and the reverse.
    assertReason(
        () -> MessageCodec.decodeClientFrame(MessageCodec.encode(Frame.event(1, new Pong())), 100),
        DecodeException.Reason.UNKNOWN_TYPE);
    assertReason(
        () -> MessageCodec.decodeRelayFrame(ping, 100), DecodeException.Reason.UNKNOWN_TYPE);
    // A correlation id of 25 bytes.
    byte[] longCorr = HEX.parseHex("0001" + "19" + "00".repeat(25) + "0450494e47");
    assertReason(() -> MessageCodec.decode(longCorr, 100), DecodeException.Reason.OVER_LIMIT);
    // A join profile over 4 KiB is refused when encoding it into a message.
    assertReason(
        () ->
            Join.sign(
                Bytes.of(new byte[24]),
                Ed25519KeyPair.fromSeed(new byte[32]),
                Optional.of(Bytes.of(new byte[4097]))),
        DecodeException.Reason.OVER_LIMIT);
    // Unknown error codes from newer relays are tolerated.
    byte[] err = HEX.parseHex("0001" + "00" + "03455252" + "034e4557" + "00000000" + "00");
    assertThat(((ErrorMessage) MessageCodec.decode(err, 100).message()).code())
        .isEqualTo(ErrorCode.UNKNOWN);
  }

  /**
   * A join's key is decoded as a point only when its proof is checked: a key that is not a point,
   * or is of small order (for which "signatures" can be forged), decodes, re-encodes the same, and
   * has no valid proof.
   */
  @Test
  void aJoinWhoseKeyIsNotAUsablePointDecodesAndHasNoValidProof(Random random) {
    MessageSamples s = new MessageSamples(random);
    Bytes address = Bytes.of(s.bytes(24));
    byte[] identity = new byte[32];
    identity[0] = 1; // the neutral point (0, 1): of order 1
    byte[] notAPoint = notAPoint();
    for (byte[] key : List.of(identity, notAPoint)) {
      Join join = new Join(address, Bytes.of(key), Optional.empty(), Bytes.of(s.bytes(64)));
      Join back =
          (Join)
              MessageCodec.decodeClientFrame(
                      MessageCodec.encode(new Frame(1, new byte[] {7}, join)), 1 << 16)
                  .message();
      assertThat(back).isEqualTo(join);
      assertThat(back.proofValid()).isFalse();
    }
  }

  /** The first y (little-endian, small) for which no x is on the curve. */
  private static byte[] notAPoint() {
    for (int y = 2; ; y++) {
      byte[] b = new byte[32];
      b[0] = (byte) y;
      try {
        Ed25519PublicKey.of(b);
      } catch (CryptoException e) {
        return b;
      }
    }
  }

  @Test
  void proofsBindKeySessionAndTarget(Random random) {
    MessageSamples s = new MessageSamples(random);
    Ed25519KeyPair member = s.key();
    Bytes address = Bytes.of(s.bytes(24));
    Join join = Join.sign(address, member, Optional.empty());
    assertThat(join.proofValid()).isTrue();
    // Another member's key with this proof: refused (nobody enrols someone else's key).
    Bytes otherKey = Bytes.of(s.key().publicKey().bytes());
    assertThat(new Join(address, otherKey, Optional.empty(), join.proof()).proofValid()).isFalse();
    // The same proof at another address: refused.
    assertThat(
            new Join(Bytes.of(s.bytes(24)), join.memberKey(), Optional.empty(), join.proof())
                .proofValid())
        .isFalse();

    byte[] nonce = s.bytes(32);
    Subscribe sub = Subscribe.sign(address, member, 7, nonce);
    assertThat(sub.proofValid(nonce)).isTrue();
    assertThat(sub.proofValid(s.bytes(32))).as("replayed on another connection").isFalse();

    Ed25519KeyPair owner = s.key();
    byte[] relayHash = s.bytes(32);
    byte[] linkKey = s.bytes(32);
    Invite invite =
        new Invite(
            Bytes.of(new byte[1]),
            Bytes.of(new byte[1]),
            owner.publicKey(),
            Invite.prove(owner, relayHash, nonce, linkKey));
    assertThat(invite.proofValid(relayHash, nonce, linkKey)).isTrue();
    assertThat(invite.proofValid(s.bytes(32), nonce, linkKey)).as("another relay").isFalse();
    assertThat(invite.proofValid(relayHash, s.bytes(32), linkKey)).as("another session").isFalse();
    assertThat(invite.proofValid(relayHash, nonce, s.bytes(32))).as("another group").isFalse();
  }

  @Test
  void relayHelloProvesTheIdentityTheLinkNames() throws Exception {
    Ed25519KeyPair identity = Ed25519KeyPair.fromSeed(new byte[32]);
    byte[] cert = selfSignedCertificate(identity);
    byte[] keyHash = Hashes.sha256(cert);
    byte[] clientNonce = new byte[32];
    clientNonce[0] = 7;
    byte[] serverNonce = new byte[32];
    RelayHello hello = RelayHello.sign(1, cert, identity, clientNonce, serverNonce);
    assertThat(hello.verify(keyHash, clientNonce)).isEqualTo(identity.publicKey());
    // A certificate other than the pinned one.
    assertReason(() -> hello.verify(new byte[32], clientNonce), DecodeException.Reason.BAD_KEY);
    // A hello replayed from another session (other client nonce).
    assertReason(() -> hello.verify(keyHash, new byte[32]), DecodeException.Reason.BAD_KEY);
    // The right certificate, signed by another key (a relay that copied the certificate).
    RelayHello copied =
        RelayHello.sign(
            1,
            cert,
            Ed25519KeyPair.fromSeed(
                new byte[] {
                  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                  24, 25, 26, 27, 28, 29, 30, 31, 32
                }),
            clientNonce,
            serverNonce);
    assertReason(() -> copied.verify(keyHash, clientNonce), DecodeException.Reason.BAD_KEY);
  }

  /** A self-signed Ed25519 certificate, as a relay makes on first start. */
  static byte[] selfSignedCertificate(Ed25519KeyPair identity) throws Exception {
    java.security.KeyFactory kf = java.security.KeyFactory.getInstance("Ed25519");
    byte[] pkcs8 =
        HEX.parseHex("302e020100300506032b657004220420" + HEX.formatHex(identity.seed()));
    java.security.PrivateKey priv =
        kf.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
    byte[] spki =
        HEX.parseHex("302a300506032b6570032100" + HEX.formatHex(identity.publicKey().bytes()));
    java.security.PublicKey pub =
        kf.generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
    X500Name name = new X500Name("CN=relay");
    return new JcaX509v3CertificateBuilder(
            name, BigInteger.ONE, new Date(0), new Date(4_000_000_000_000L), name, pub)
        .build(new JcaContentSignerBuilder("Ed25519").build(priv))
        .getEncoded();
  }

  static void assertReason(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, DecodeException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
