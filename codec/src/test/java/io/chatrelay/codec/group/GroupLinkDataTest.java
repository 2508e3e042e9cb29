package io.chatrelay.codec.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Hashes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeded.class)
class GroupLinkDataTest {
  private static final HexFormat HEX = HexFormat.of();

  // RFC 8032 TEST 1 key: a fixed root key for exact vectors.
  private static final Ed25519KeyPair ROOT =
      Ed25519KeyPair.fromSeed(
          HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  private static final Ed25519KeyPair OWNER =
      Ed25519KeyPair.fromSeed(
          HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));

  static Ed25519KeyPair key(Random random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return Ed25519KeyPair.fromSeed(seed);
  }

  static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static RelayEntry relay(Random random) {
    List<String> hosts = new ArrayList<>();
    for (int i = random.nextInt(3) + 1; i > 0; i--) {
      hosts.add("relay" + random.nextInt(1000) + ".example.org");
    }
    java.util.OptionalInt port =
        random.nextBoolean()
            ? java.util.OptionalInt.empty()
            : java.util.OptionalInt.of(1 + random.nextInt(65535));
    return new RelayEntry(
        new SmpServer(hosts, port, bytes(random, 32)), bytes(random, 24), key(random).publicKey());
  }

  @Test
  void fixedDataBytesAreAnnotatedVector() {
    FixedLinkData fixed = FixedLinkData.create(GroupType.CHANNEL, ROOT.publicKey());
    String rootHex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    String groupIdHex = HEX.formatHex(Hashes.sha256(ROOT.publicKey().bytes()));
    String expected =
        "0001" // min version 1 (Word16)
            + "0001" // max version 1 (Word16)
            + "63" // group type 'c' (channel)
            + "20"
            + rootHex // root key: length 32, Ed25519 public key
            + "20"
            + groupIdHex; // group id: length 32, SHA-256(root key)
    assertThat(HEX.formatHex(fixed.encode())).isEqualTo(expected);
    assertThat(fixed.linkKey()).isEqualTo(Hashes.sha3_256(HEX.parseHex(expected)));
    assertThat(FixedLinkData.decode(HEX.parseHex(expected))).isEqualTo(fixed);
  }

  @Test
  void mutableDataBytesAreAnnotatedVector() {
    byte[] groupId = Hashes.sha256(ROOT.publicKey().bytes());
    OwnerAuth owner = OwnerAuth.create(groupId, new byte[] {1, 2}, OWNER.publicKey(), 0, ROOT);
    RelayEntry relay =
        new RelayEntry(
            SmpServer.of(List.of("r.example"), 443, new byte[32]), new byte[24], ROOT.publicKey());
    MutableLinkData m =
        new MutableLinkData(
            7, List.of(owner), "{\"name\":\"n\"}".getBytes(StandardCharsets.UTF_8), List.of(relay));
    String expected =
        "0000000000000007" // version 7 (Int64)
            + "01" // 1 owner
            + "020102" // owner id: length 2, 01 02
            + "20"
            + HEX.formatHex(OWNER.publicKey().bytes()) // owner key
            + "00" // authorised by the root
            + "40"
            + HEX.formatHex(owner.signature()) // signature, 64 bytes
            + "000c"
            + HEX.formatHex("{\"name\":\"n\"}".getBytes(StandardCharsets.UTF_8)) // Large
            + "01" // 1 relay
            + "01"
            + "09"
            + HEX.formatHex("r.example".getBytes(StandardCharsets.US_ASCII)) // hosts
            + "03"
            + HEX.formatHex("443".getBytes(StandardCharsets.US_ASCII)) // port as string
            + "20"
            + "00".repeat(32) // key hash
            + "18"
            + "00".repeat(24) // address id, 24 bytes
            + "20"
            + HEX.formatHex(ROOT.publicKey().bytes()); // relay identity key
    assertThat(HEX.formatHex(m.encode())).isEqualTo(expected);
    assertThat(MutableLinkData.decode(HEX.parseHex(expected))).isEqualTo(m);
  }

  @Test
  void randomLinkDataRoundTripsAndVerifies(Random random) {
    for (int i = 0; i < Seeded.iterations(300); i++) {
      Ed25519KeyPair root = key(random);
      FixedLinkData fixed =
          FixedLinkData.create(
              random.nextBoolean() ? GroupType.CHANNEL : GroupType.GROUP, root.publicKey());
      byte[] groupId = fixed.groupId();
      List<Ed25519KeyPair> ownerKeys = new ArrayList<>();
      List<OwnerAuth> owners = new ArrayList<>();
      for (int o = random.nextInt(4); o > 0; o--) {
        Ed25519KeyPair k = key(random);
        int by = random.nextInt(owners.size() + 1);
        Ed25519KeyPair authoriser = by == 0 ? root : ownerKeys.get(by - 1);
        owners.add(OwnerAuth.create(groupId, bytes(random, 8), k.publicKey(), by, authoriser));
        ownerKeys.add(k);
      }
      List<RelayEntry> relays = new ArrayList<>();
      for (int r = random.nextInt(4); r > 0; r--) {
        relays.add(relay(random));
      }
      MutableLinkData m =
          new MutableLinkData(
              1 + random.nextInt(1000),
              owners,
              new GroupProfile("g" + random.nextInt(), null).toJson(),
              relays);
      Ed25519KeyPair signer =
          ownerKeys.isEmpty() || random.nextBoolean()
              ? root
              : ownerKeys.get(random.nextInt(ownerKeys.size()));
      SignedLinkData signed = SignedLinkData.sign(fixed, m, signer);

      byte[] fixedBytes = fixed.encode();
      byte[] signedBytes = signed.encode();
      assertThat(SignedLinkData.decode(signedBytes)).isEqualTo(signed);
      assertThat(MutableLinkData.decode(m.encode())).isEqualTo(m);
      GroupLinkData v = GroupLinkData.verify(fixed.linkKey(), fixedBytes, signedBytes);
      assertThat(v.data()).isEqualTo(m);
      assertThat(v.groupId()).isEqualTo(groupId);
      assertThat(v.isOwner(signer.publicKey())).isTrue();

      // Flipping any single bit of either encoding never verifies.
      boolean flipFixed = random.nextBoolean();
      byte[] tampered = (flipFixed ? fixedBytes : signedBytes).clone();
      tampered[random.nextInt(tampered.length)] ^= (byte) (1 << random.nextInt(8));
      byte[] f = flipFixed ? tampered : fixedBytes;
      byte[] s = flipFixed ? signedBytes : tampered;
      assertThatThrownBy(() -> GroupLinkData.verify(fixed.linkKey(), f, s))
          .isInstanceOf(LinkDataException.class);
    }
  }

  private Fixture fixture() {
    return new Fixture(new Random(42));
  }

  /** A channel with the root, one owner authorised by the root, and one relay. */
  static final class Fixture {
    final Ed25519KeyPair root;
    final Ed25519KeyPair owner;
    final FixedLinkData fixed;
    final byte[] groupId;
    final MutableLinkData data;

    Fixture(Random random) {
      root = key(random);
      owner = key(random);
      fixed = FixedLinkData.create(GroupType.CHANNEL, root.publicKey());
      groupId = fixed.groupId();
      data =
          new MutableLinkData(
              3,
              List.of(OwnerAuth.create(groupId, new byte[] {1}, owner.publicKey(), 0, root)),
              new GroupProfile("news", "daily").toJson(),
              List.of(relay(random)));
    }

    GroupLinkData verify(MutableLinkData m, Ed25519KeyPair signer) {
      return GroupLinkData.verify(
          fixed.linkKey(), fixed.encode(), SignedLinkData.sign(fixed, m, signer).encode());
    }
  }

  @Test
  void ownerSignedDataVerifies() {
    Fixture fx = fixture();
    assertThat(fx.verify(fx.data, fx.owner).version()).isEqualTo(3);
    assertThat(fx.verify(fx.data, fx.root).ownerKeys())
        .containsExactlyInAnyOrder(fx.root.publicKey(), fx.owner.publicKey());
  }

  @Test
  void hashMismatchWhenFixedDataIsSwapped() {
    Fixture fx = fixture();
    // A relay serving another group's fixed data (with valid signatures for that group).
    Fixture other = new Fixture(new Random(7));
    byte[] signed = SignedLinkData.sign(other.fixed, other.data, other.root).encode();
    assertFailure(
        () -> GroupLinkData.verify(fx.fixed.linkKey(), other.fixed.encode(), signed),
        LinkDataException.Failure.HASH_MISMATCH);
  }

  @Test
  void strangerSignatureIsUnauthorised() {
    Fixture fx = fixture();
    Ed25519KeyPair stranger = key(new Random(99));
    assertFailure(
        () -> fx.verify(fx.data, stranger), LinkDataException.Failure.UNAUTHORISED_SIGNER);
  }

  @Test
  void forgedSignatureIsBad() {
    Fixture fx = fixture();
    SignedLinkData good = SignedLinkData.sign(fx.fixed, fx.data, fx.owner);
    byte[] sig = good.signature();
    sig[0] ^= 1;
    byte[] forged = new SignedLinkData(good.data(), good.signer(), sig).encode();
    assertFailure(
        () -> GroupLinkData.verify(fx.fixed.linkKey(), fx.fixed.encode(), forged),
        LinkDataException.Failure.BAD_SIGNATURE);
    // Data altered after signing (a relay changing the profile) fails the same way.
    MutableLinkData altered =
        new MutableLinkData(
            3, fx.data.owners(), new GroupProfile("pwned", null).toJson(), fx.data.relays());
    byte[] swapped = new SignedLinkData(altered.encode(), good.signer(), good.signature()).encode();
    assertFailure(
        () -> GroupLinkData.verify(fx.fixed.linkKey(), fx.fixed.encode(), swapped),
        LinkDataException.Failure.BAD_SIGNATURE);
  }

  @Test
  void ownerChainRules() {
    Fixture fx = fixture();
    Ed25519KeyPair mallory = key(new Random(5));
    // An owner entry signed by a key outside the chain (a relay adding its own owner key).
    OwnerAuth rogue = OwnerAuth.create(fx.groupId, new byte[] {9}, mallory.publicKey(), 0, mallory);
    assertFailure(
        () -> fx.verify(fx.data.withOwners(List.of(fx.data.owners().get(0), rogue)), mallory),
        LinkDataException.Failure.BAD_SIGNATURE);
    // The root key listed as an owner.
    OwnerAuth rootAsOwner =
        OwnerAuth.create(fx.groupId, new byte[] {2}, fx.root.publicKey(), 0, fx.root);
    assertFailure(
        () -> fx.verify(fx.data.withOwners(List.of(rootAsOwner)), fx.root),
        LinkDataException.Failure.INVALID_OWNER_CHAIN);
    // The same key twice.
    OwnerAuth again =
        OwnerAuth.create(fx.groupId, new byte[] {3}, fx.owner.publicKey(), 0, fx.root);
    assertFailure(
        () -> fx.verify(fx.data.withOwners(List.of(fx.data.owners().get(0), again)), fx.root),
        LinkDataException.Failure.INVALID_OWNER_CHAIN);
    // Authorised by itself or a later owner.
    OwnerAuth self = OwnerAuth.create(fx.groupId, new byte[] {4}, mallory.publicKey(), 1, mallory);
    assertFailure(
        () -> fx.verify(fx.data.withOwners(List.of(self)), fx.root),
        LinkDataException.Failure.INVALID_OWNER_CHAIN);
    // An owner authorisation made for another group does not carry over.
    Fixture other = new Fixture(new Random(8));
    OwnerAuth foreign =
        OwnerAuth.create(other.groupId, new byte[] {5}, mallory.publicKey(), 0, fx.root);
    assertFailure(
        () -> fx.verify(fx.data.withOwners(List.of(foreign)), fx.root),
        LinkDataException.Failure.BAD_SIGNATURE);
    // A second-level owner authorised by the first owner is fine.
    OwnerAuth second =
        OwnerAuth.create(fx.groupId, new byte[] {6}, mallory.publicKey(), 1, fx.owner);
    assertThat(
            fx.verify(fx.data.withOwners(List.of(fx.data.owners().get(0), second)), mallory)
                .isOwner(mallory.publicKey()))
        .isTrue();
  }

  @Test
  void rollbackIsRefused() {
    Fixture fx = fixture();
    GroupLinkData v3 = fx.verify(fx.data, fx.owner);
    assertThat(v3.requireNotOlderThan(3)).isSameAs(v3);
    assertFailure(() -> v3.requireNotOlderThan(4), LinkDataException.Failure.ROLLBACK);
  }

  @Test
  void malformedInputIsTyped() {
    Fixture fx = fixture();
    byte[] fixed = fx.fixed.encode();
    byte[] signed = SignedLinkData.sign(fx.fixed, fx.data, fx.root).encode();
    assertFailure(
        () -> GroupLinkData.verify(fx.fixed.linkKey(), java.util.Arrays.copyOf(fixed, 40), signed),
        LinkDataException.Failure.MALFORMED);
    byte[] trailing = java.util.Arrays.copyOf(signed, signed.length + 1);
    assertFailure(
        () -> GroupLinkData.verify(fx.fixed.linkKey(), fixed, trailing),
        LinkDataException.Failure.MALFORMED);
    // Inverted version range, unknown type, group id not matching the root.
    byte[] inverted = fixed.clone();
    inverted[1] = 2; // min 2, max 1
    assertDecode(() -> FixedLinkData.decode(inverted), DecodeException.Reason.INVALID_VALUE);
    byte[] unknownType = fixed.clone();
    unknownType[4] = 'x';
    assertDecode(() -> FixedLinkData.decode(unknownType), DecodeException.Reason.UNKNOWN_TYPE);
    byte[] badGroupId = fixed.clone();
    badGroupId[badGroupId.length - 1] ^= 1;
    assertDecode(() -> FixedLinkData.decode(badGroupId), DecodeException.Reason.INVALID_VALUE);
    byte[] future = fixed.clone();
    future[1] = 2;
    future[3] = 3; // versions 2-3 only
    assertDecode(() -> FixedLinkData.decode(future), DecodeException.Reason.UNSUPPORTED_VERSION);
    byte[] badKey = fixed.clone();
    java.util.Arrays.fill(badKey, 6, 38, (byte) 0);
    badKey[6] = 1; // the identity point: small order
    assertDecode(() -> FixedLinkData.decode(badKey), DecodeException.Reason.BAD_KEY);
  }

  @Test
  void profileLimitsAndJson() {
    assertThat(GroupProfile.parse("{\"name\":\"a\",\"extra\":1}".getBytes()).name()).isEqualTo("a");
    assertDecode(() -> GroupProfile.parse("{}".getBytes()), DecodeException.Reason.INVALID_VALUE);
    assertDecode(
        () -> GroupProfile.parse("{\"name\":\"a\"} x".getBytes()),
        DecodeException.Reason.INVALID_VALUE);
    assertDecode(
        () -> new GroupProfile("x".repeat(101), null), DecodeException.Reason.INVALID_VALUE);
    assertDecode(
        () -> new MutableLinkData(1, List.of(), new byte[16 * 1024 + 1], List.of()),
        DecodeException.Reason.OVER_LIMIT);
    assertDecode(
        () -> new MutableLinkData(0, List.of(), new byte[0], List.of()),
        DecodeException.Reason.INVALID_VALUE);
  }

  static void assertFailure(ThrowingCallable call, LinkDataException.Failure failure) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            LinkDataException.class, e -> assertThat(e.failure()).isEqualTo(failure));
  }

  static void assertDecode(ThrowingCallable call, DecodeException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
