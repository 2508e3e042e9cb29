package io.chatrelay.codec.linkdata;

import static io.chatrelay.codec.linkdata.LinkDataFixtures.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.SecretBox;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.link.ContactShortLink;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.InvitationShortLink;
import io.chatrelay.codec.link.LinkType;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.ShortLink;
import io.chatrelay.codec.link.ShortLinkScheme;
import io.chatrelay.codec.link.SimplexVectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Exact bytes of simplexmq's link-data structures (commit
 * 92598c2ddb06cfc2c19797a2c900cffcb8af4d5c), written by hand from the Haskell definitions ({@code
 * Agent/Protocol.hs}, {@code Crypto/ShortLink.hs}, {@code Crypto.hs}, {@code Encoding.hs}) and
 * annotated field by field.
 *
 * <p>Values that need cryptography (public keys, Ed25519 signatures, SHA3-256, HKDF) were computed
 * once with Python 3: {@code cryptography} 48 ({@code Ed25519PrivateKey.from_private_bytes}, DER
 * SubjectPublicKeyInfo export, {@code sign}), {@code hashlib.sha3_256}, and HKDF-SHA512 written out
 * from RFC 5869 with {@code hmac} and {@code hashlib.sha512}; the byte strings hashed and signed
 * were built there by hand from the same definitions, not by this codec. They are pinned here;
 * {@code src/test/resources/linkdata/vectors.py} recomputes them.
 */
class LinkDataVectorsTest {

  static byte[] hex(String... parts) {
    return HexFormat.of().parseHex(String.join("", parts).replace(" ", ""));
  }

  static String ascii(String s) {
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] encode(BinaryWriter.Encoder<BinaryWriter> body) {
    BinaryWriter w = new BinaryWriter();
    body.encode(w, w);
    return w.toByteArray();
  }

  /** Root key: seed 00 01 … 1f. */
  static final Ed25519KeyPair ROOT =
      Ed25519KeyPair.fromSeed(
          hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));

  /** Owner key: seed 20 21 … 3f. */
  static final Ed25519KeyPair OWNER =
      Ed25519KeyPair.fromSeed(
          hex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"));

  static final String DER_HEADER = "302a300506032b6570032100";
  static final String ROOT_RAW = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
  static final String OWNER_RAW =
      "29acbae141bccaf0b22e1a94d34d0bc7361e526d0bfe12c89794bc9322966dd7";

  // ---- keys ----

  @Test
  void ed25519PublicKeyIsDerSubjectPublicKeyInfo() {
    assertThat(ROOT.publicKey().bytes()).isEqualTo(hex(ROOT_RAW));
    assertThat(Ed25519Der.encode(ROOT.publicKey()))
        .isEqualTo(hex(DER_HEADER, ROOT_RAW))
        .hasSize(44);
    assertThat(Ed25519Der.decode(hex(DER_HEADER, OWNER_RAW))).isEqualTo(OWNER.publicKey());
  }

  // ---- OwnerAuth ----

  static final String OWNER_SIG =
      "a83a0cb81d3e23ed3b96aaabb8ab4e0b5318160ff8260b4887339c8a13cb7876"
          + "d96fa6ed43050f6b6c731bd92499a07071fb701ae31bd0aae6ed6a423e4bc100";

  /** OwnerAuth "owner-1", OWNER's key, signed by ROOT over ownerId || DER(ownerKey). */
  static final byte[] OWNER_AUTH =
      hex(
          "76", // ByteString wrapper: 118 bytes
          "07",
          ascii("owner-1"), // ownerId
          "2c",
          DER_HEADER,
          OWNER_RAW, // ownerKey: ByteString of the 44-byte DER
          "40",
          OWNER_SIG); // authOwnerSig: ByteString of 64

  @Test
  void ownerAuthIsWrappedInAByteString() {
    OwnerAuth auth =
        OwnerAuth.create("owner-1".getBytes(StandardCharsets.US_ASCII), OWNER.publicKey(), ROOT);
    assertThat(auth.signature()).isEqualTo(hex(OWNER_SIG));
    assertThat(OwnerAuth.signedBytes(auth.ownerId(), auth.ownerKey()))
        .isEqualTo(hex(ascii("owner-1"), DER_HEADER, OWNER_RAW));
    assertThat(encode((w, ww) -> auth.encode(w))).isEqualTo(OWNER_AUTH);
    assertThat(BinaryReader.decodeAll(OWNER_AUTH, OwnerAuth::decode)).isEqualTo(auth);
  }

  @Test
  void ownerAuthKeepsTheExtensionInsideItsWrapper() {
    byte[] withExtension =
        hex(
            "79", // wrapper: 121 bytes
            "07",
            ascii("owner-1"),
            "2c",
            DER_HEADER,
            OWNER_RAW,
            "40",
            OWNER_SIG,
            "010203"); // extension: simplexmq's parseOnly ignores it
    OwnerAuth auth = BinaryReader.decodeAll(withExtension, OwnerAuth::decode);
    assertThat(auth.extension()).isEqualTo(hex("010203"));
    assertThat(auth.isAuthorisedBy(ROOT.publicKey())).isTrue();
    assertThat(encode((w, ww) -> auth.encode(w))).isEqualTo(withExtension);
  }

  // ---- UserLinkData ----

  @Test
  void userLinkDataUpTo254BytesIsAByteString() {
    byte[] d = new byte[254];
    Arrays.fill(d, (byte) 'x');
    byte[] enc = encode((w, ww) -> new UserLinkData(d).encode(w));
    assertThat(enc).hasSize(255);
    assertThat(enc[0]).isEqualTo((byte) 0xFE); // 1-byte length 254
    assertThat(Arrays.copyOfRange(enc, 1, 255)).isEqualTo(d);
    assertThat(encode((w, ww) -> new UserLinkData(new byte[0]).encode(w))).isEqualTo(hex("00"));
  }

  @Test
  void userLinkDataFrom255BytesIsMarkerThenLarge() {
    byte[] d = new byte[255];
    Arrays.fill(d, (byte) 'y');
    byte[] enc = encode((w, ww) -> new UserLinkData(d).encode(w));
    assertThat(Arrays.copyOf(enc, 3)).isEqualTo(hex("ff 00ff")); // '\255', Word16 255
    assertThat(Arrays.copyOfRange(enc, 3, enc.length)).isEqualTo(d);
    assertThat(UserLinkData.decode(new BinaryReader(enc)).bytes()).isEqualTo(d);

    byte[] max = new byte[65535];
    byte[] encMax = encode((w, ww) -> new UserLinkData(max).encode(w));
    assertThat(Arrays.copyOf(encMax, 3)).isEqualTo(hex("ff ffff"));
  }

  @Test
  void userLinkDataReadsAs255ByteStringWhenNoLargeFollowsTheMarker() {
    // ff, then 255 bytes whose first two (0x0100 = 256) are too long a Large for what follows:
    // simplexmq's parser backtracks and reads a ByteString of length 0xff.
    byte[] enc = new byte[256];
    enc[0] = (byte) 0xFF;
    enc[1] = 0x01;
    enc[2] = 0x00;
    UserLinkData d = BinaryReader.decodeAll(enc, UserLinkData::decode);
    assertThat(d.bytes()).isEqualTo(Arrays.copyOfRange(enc, 1, 256));
  }

  // ---- UserContactData / ConnLinkData ----

  /** UserContactData {direct = True, owners = [], relays = [], userData = "some user data"}. */
  static final byte[] SOME_CONTACT_DATA =
      hex(
          "54", // direct: 'T'
          "00", // owners: 0 items
          "00", // relays: 0 items
          "0e",
          ascii("some user data")); // userData: ByteString of 14

  @Test
  void userContactDataLayout() {
    UserContactData d =
        LinkDataFixtures.contactData(true, List.of(), LinkDataFixtures.SOME_USER_DATA);
    assertThat(encode((w, ww) -> d.encode(w))).isEqualTo(SOME_CONTACT_DATA);
    assertThat(UserContactData.decode(new BinaryReader(SOME_CONTACT_DATA))).isEqualTo(d);
  }

  @Test
  void userContactDataKeepsBytesAfterTheUserDataAsExtension() {
    byte[] withTail = hex(HexFormat.of().formatHex(SOME_CONTACT_DATA), "7b7d"); // "{}"
    UserContactData d = UserContactData.decode(new BinaryReader(withTail));
    assertThat(d.userData()).isEqualTo(LinkDataFixtures.SOME_USER_DATA);
    assertThat(d.extension()).isEqualTo(hex("7b7d"));
    assertThat(encode((w, ww) -> d.encode(w))).isEqualTo(withTail);
  }

  @Test
  void userContactDataWithOwnerAndRelays() {
    OwnerAuth auth = BinaryReader.decodeAll(OWNER_AUTH, OwnerAuth::decode);
    UserContactData d =
        new UserContactData(
            false, List.of(auth), List.of(SimplexShortLinkTest.RELAY_LINK_2), UserLinkData.of("x"));
    assertThat(encode((w, ww) -> d.encode(w)))
        .isEqualTo(
            hex(
                "46", // direct: 'F'
                "01",
                HexFormat.of().formatHex(OWNER_AUTH), // owners: 1 item
                "01", // relays: 1 item
                "43 41", // 'C' (CMContact), 'A' (CCTContact)
                "01 09",
                ascii("localhost"), // hosts: 1, "localhost"
                "00", // port: "" (none in relayLink2)
                "00", // key hash: ""
                "20",
                RELAY_KEY_HEX, // link key
                "01 78")); // userData "x"
  }

  static final String RELAY_KEY_HEX =
      HexFormat.of()
          .formatHex(Base64.getUrlDecoder().decode("4AkRDmhf64tdRlN406g8lJRg5OCmhD6ynIhi6glOcCM"));

  /** ContactLinkData supportedSMPAgentVRange (UserContactData … "some user data"). */
  static final byte[] SOME_CONTACT_LINK_DATA =
      hex(
          "43", // 'C' (CMContact)
          "0002 0007", // agentVRange 2-7
          HexFormat.of().formatHex(SOME_CONTACT_DATA));

  @Test
  void connLinkDataLayout() {
    ConnLinkData contact =
        new ContactLinkData(
            AGENT, LinkDataFixtures.contactData(true, List.of(), LinkDataFixtures.SOME_USER_DATA));
    assertThat(contact.encode()).isEqualTo(SOME_CONTACT_LINK_DATA);
    assertThat(ConnLinkData.decode(SOME_CONTACT_LINK_DATA, ConnectionMode.CONTACT))
        .isEqualTo(contact);

    byte[] inv = hex("49", "0002 0007", "0e", ascii("some user data")); // 'I', range, userData
    ConnLinkData invitation = new InvitationLinkData(AGENT, LinkDataFixtures.SOME_USER_DATA);
    assertThat(invitation.encode()).isEqualTo(inv);
    assertThat(ConnLinkData.decode(inv, ConnectionMode.INVITATION)).isEqualTo(invitation);
    // the invitation's tail is ignored, as simplexmq ignores it
    assertThat(ConnLinkData.decode(hex(HexFormat.of().formatHex(inv), "ffff")))
        .isEqualTo(invitation);
  }

  @Test
  void signedUserDataIsSignatureThenData() {
    ConnLinkData contact = ConnLinkData.decode(SOME_CONTACT_LINK_DATA);
    assertThat(LinkSigning.signUserData(ROOT, contact))
        .isEqualTo(
            hex(
                "40", // ByteString of 64: Ed25519 signature by ROOT
                "37cfbb67a27050b8ebcd016acf7d39b3e8691e40f8b2df275660473b000661a2",
                "6d358422bf9fe145843f5e77b2577f74a2d4581b00664d37905b121c803ff207",
                HexFormat.of().formatHex(SOME_CONTACT_LINK_DATA))); // the signed bytes
  }

  // ---- FixedLinkData ----

  /** smpEncode contactConnRequest (ConnectionRequestTests.hs). */
  static final String CONTACT_CONN_REQUEST_HEX =
      String.join(
          "",
          "43", // 'C' (CMContact)
          "0002 0007", // crAgentVRange 2-7
          "01", // crSmpQueues: 1 item
          "0001 0004", // queue clientVRange 1-4
          "02", // hosts: 2 items
          "0e",
          ascii("smp.simplex.im"),
          "3e",
          ascii(SimplexVectors.ONION),
          "04",
          ascii("5223"), // port
          "04 d76df8fb", // key hash "\215m\248\251"
          "04 df8e7afb", // senderId "\223\142z\251"
          "2c 302a300506032b656e032100", // dhPublicKey: ByteString of X25519 DER (header, then)
          "8e2b30c08dcefcd952f059371c9516f3bd046366c0c26b6d301b2f441f5e577a", // the raw key
          "54", // sndSecure 'T': range 1-4 reaches sndAuthKeySMPClientVersion 3, queue is messaging
          "30"); // crClientData: Nothing ('0')

  static final byte[] FIXED_NO_ENTITY =
      hex(
          "0002 0007", // agentVRange 2-7
          "2c",
          DER_HEADER,
          ROOT_RAW, // rootKey: ByteString of the 44-byte DER
          CONTACT_CONN_REQUEST_HEX); // linkConnReq; linkEntityId Nothing writes nothing

  @Test
  void fixedLinkDataOfContactConnRequest() {
    FixedLinkData fd =
        new FixedLinkData(
            AGENT, ROOT.publicKey(), SimplexVectors.CONTACT_CONN_REQUEST, Optional.empty());
    assertThat(fd.encode()).isEqualTo(FIXED_NO_ENTITY).hasSize(200);
    assertThat(fd.linkKey())
        .isEqualTo(hex("3a704c14953cad22de7decd960f654765fc55e6332e949293de9f8e24a571ff5"));
    assertThat(FixedLinkData.decode(FIXED_NO_ENTITY, ConnectionMode.CONTACT)).isEqualTo(fd);
    assertThat(LinkSigning.signFixedData(ROOT, fd))
        .isEqualTo(
            hex(
                "40",
                "41036481e35f48ba62e114852eb9003c8a2b727f1455c0a558f3d60b9065b54c",
                "86eb48168feb2bf09ab49e73f453b50e4e5ab9ed21e413911afb77da1e392a0b",
                HexFormat.of().formatHex(FIXED_NO_ENTITY)));
  }

  @Test
  void fixedLinkDataWithEntityId() {
    byte[] withEntity = hex(HexFormat.of().formatHex(FIXED_NO_ENTITY), "07", ascii("group-1"));
    FixedLinkData fd =
        new FixedLinkData(
            AGENT,
            ROOT.publicKey(),
            SimplexVectors.CONTACT_CONN_REQUEST,
            Optional.of("group-1".getBytes(StandardCharsets.US_ASCII)));
    assertThat(fd.encode()).isEqualTo(withEntity); // Just id: a ByteString with no Maybe tag
    assertThat(fd.linkKey())
        .isEqualTo(hex("ed01540f10e245e53c88a9c9418e0778294ccae7b5f6e3d16d0472f107765075"));
    assertThat(FixedLinkData.decode(withEntity)).isEqualTo(fd);
  }

  @Test
  void fixedLinkDataIgnoresItsTailAsSimplexmqDoes() {
    String base = HexFormat.of().formatHex(FIXED_NO_ENTITY);
    FixedLinkData noEntity = FixedLinkData.decode(FIXED_NO_ENTITY);
    // a complete ByteString is the entity id, the rest is ignored
    FixedLinkData e = FixedLinkData.decode(hex(base, "07", ascii("group-1"), ascii("later")));
    assertThat(e.linkEntityId())
        .hasValueSatisfying(
            id -> assertThat(id).isEqualTo("group-1".getBytes(StandardCharsets.US_ASCII)));
    // an incomplete one is no entity id, and is ignored too
    assertThat(FixedLinkData.decode(hex(base, "09 6162"))).isEqualTo(noEntity);
    // an empty ByteString is an empty entity id
    assertThat(FixedLinkData.decode(hex(base, "00")).linkEntityId())
        .hasValueSatisfying(id -> assertThat(id).isEmpty());
    // the link key is of the bytes, so a tail changes it
    assertThat(FixedLinkData.linkKeyOf(hex(base, "09 6162"))).isNotEqualTo(noEntity.linkKey());
  }

  // ---- KDF ----

  @Test
  void contactShortLinkKdf() {
    ShortLinkKdf.ContactLinkKeys k = ShortLinkKdf.contactKeys(SimplexVectors.LINK_KEY);
    assertThat(k.linkId()).isEqualTo(hex("7bb6cac6ddda05661de73a9974926c4d3d30f3dd36e0e365"));
    assertThat(k.secretBoxKey())
        .isEqualTo(hex("92f91f61f480698b6edcbc6277359f463f5810065e47253f72657bb8847e0ebe"));
  }

  @Test
  void invShortLinkKdf() {
    assertThat(ShortLinkKdf.invitationKey(SimplexVectors.LINK_KEY))
        .isEqualTo(hex("7414e908a26d11b2e23016afa771e45d62bcdd72a14237958069e33f9c2c2319"));
  }

  // ---- ConnShortLink binary ----

  static final String SRV_HEX =
      String.join(
          "",
          "02 0e",
          ascii("smp.simplex.im"),
          "3e",
          ascii(SimplexVectors.ONION), // hosts
          "04",
          ascii("5223"), // port
          "04 d76df8fb"); // key hash

  static final String LINK_KEY_HEX = "20" + ascii("0123456789abcdef0123456789abcdef");

  @Test
  void contactShortLinksInBinary() {
    // ConnectionRequestTests.hs: CSLContact SLSServer CCTContact srv (LinkKey "0123…")
    ShortLink contact =
        new ContactShortLink(ShortLinkScheme.HTTPS, SimplexVectors.SRV, SimplexVectors.LINK_KEY);
    byte[] enc = hex("43 41", SRV_HEX, LINK_KEY_HEX); // 'C' (CMContact) 'A' srv key
    assertThat(ShortLinkCodec.encode(contact)).isEqualTo(enc);
    assertThat(BinaryReader.decodeAll(enc, ShortLinkCodec::decodeContact)).isEqualTo(contact);

    ShortLink group =
        new GroupShortLink(
            ShortLinkScheme.HTTPS,
            LinkType.GROUP,
            SimplexVectors.SRV,
            SimplexVectors.LINK_KEY,
            List.of());
    byte[] encGroup = hex("43 47", SRV_HEX, LINK_KEY_HEX); // 'G'
    assertThat(ShortLinkCodec.encode(group)).isEqualTo(encGroup);
    assertThat(BinaryReader.decodeAll(encGroup, ShortLinkCodec::decode)).isEqualTo(group);

    ShortLink channel =
        new GroupShortLink(
            ShortLinkScheme.HTTPS,
            LinkType.CHANNEL,
            SimplexVectors.SHORT_SRV,
            SimplexVectors.LINK_KEY,
            List.of());
    byte[] encChannel =
        hex("43 43", "01 0e", ascii("smp.simplex.im"), "00", "00", LINK_KEY_HEX); // 'C', shortSrv
    assertThat(ShortLinkCodec.encode(channel)).isEqualTo(encChannel);
    assertThat(BinaryReader.decodeAll(encChannel, ShortLinkCodec::decode)).isEqualTo(channel);

    ShortLink relay =
        new RelayShortLink(
            ShortLinkScheme.HTTPS, SimplexVectors.SRV, Optional.empty(), SimplexVectors.LINK_KEY);
    byte[] encRelay = hex("43 52", SRV_HEX, LINK_KEY_HEX); // 'R'
    assertThat(ShortLinkCodec.encode(relay)).isEqualTo(encRelay);
    assertThat(BinaryReader.decodeAll(encRelay, ShortLinkCodec::decode)).isEqualTo(relay);
  }

  @Test
  void invitationShortLinkInBinary() {
    // ConnectionRequestTests.hs: CSLInvitation SLSServer srv (EntityId "0123…67") (LinkKey …)
    ShortLink inv =
        new InvitationShortLink(
            ShortLinkScheme.HTTPS,
            SimplexVectors.SRV,
            SimplexVectors.LINK_ID,
            SimplexVectors.LINK_KEY);
    byte[] enc =
        hex(
            "49", // 'I' (CMInvitation)
            SRV_HEX,
            "18",
            ascii("0123456789abcdef01234567"), // link id: ByteString of 24
            LINK_KEY_HEX);
    assertThat(ShortLinkCodec.encode(inv)).isEqualTo(enc);
    assertThat(BinaryReader.decodeAll(enc, ShortLinkCodec::decode)).isEqualTo(inv);
  }

  static String b64(String unpadded) {
    return HexFormat.of().formatHex(Base64.getUrlDecoder().decode(unpadded));
  }

  @Test
  void localhostLinksOfTheHaskellTestsInBinary() {
    // relayLink1 (ShortLinkTests.hs) and the invitation of ConnectionRequestTests.hs "should
    // shorten / restore short links"
    String srv =
        String.join(
            "",
            "01 09",
            ascii("localhost"), // hosts: 1
            "04",
            ascii("7001"), // port
            "20",
            b64("LcJUMfVhwD8yxjAiSaDzzGF3-kLG4Uh0Fl_ZIjrRwjI")); // key hash
    byte[] relay = hex("43 41", srv, "20", RELAY_KEY_HEX);
    assertThat(ShortLinkCodec.encode(SimplexShortLinkTest.RELAY_LINK_1)).isEqualTo(relay);
    assertThat(BinaryReader.decodeAll(relay, ShortLinkCodec::decodeContact))
        .isEqualTo(SimplexShortLinkTest.RELAY_LINK_1);

    ShortLink inv =
        ShortLink.parse(
            "https://localhost/i#tnUaHYp8saREmyEHR93SBpl8ySHBchOt/LJ1ZQUzxH9Udb0jw5wmJACv5o6oe8e7BsX_hUCUMTSY?p=7001&c=LcJUMfVhwD8yxjAiSaDzzGF3-kLG4Uh0Fl_ZIjrRwjI");
    byte[] invBytes =
        hex(
            "49", srv,
            "18", b64("tnUaHYp8saREmyEHR93SBpl8ySHBchOt"), // link id
            "20", b64("LJ1ZQUzxH9Udb0jw5wmJACv5o6oe8e7BsX_hUCUMTSY")); // link key
    assertThat(ShortLinkCodec.encode(inv)).isEqualTo(invBytes);
    assertThat(BinaryReader.decodeAll(invBytes, ShortLinkCodec::decode)).isEqualTo(inv);
  }

  @Test
  void binaryShortLinksReadBackWithTheServerScheme() {
    // The binary form has no scheme; simplexmq reads SLSServer.
    ShortLink simplex =
        new ContactShortLink(ShortLinkScheme.SIMPLEX, SimplexVectors.SRV, SimplexVectors.LINK_KEY);
    ShortLink read = BinaryReader.decodeAll(ShortLinkCodec.encode(simplex), ShortLinkCodec::decode);
    assertThat(read.scheme()).isEqualTo(ShortLinkScheme.HTTPS);
    assertThat(ShortLinkCodec.encode(read)).isEqualTo(ShortLinkCodec.encode(simplex));
  }

  // ---- padding, encryption, EncDataBytes ----

  @Test
  void padIsWord16LengthThenDataThenHashes() {
    assertThat(LinkDataCipher.pad(hex("616263"), 10)).isEqualTo(hex("0003 616263 2323232323"));
    assertThat(LinkDataCipher.pad(new byte[0], 2)).isEqualTo(hex("0000"));
    assertThat(LinkDataCipher.unpad(hex("0003 616263 2323232323"))).isEqualTo(hex("616263"));
    // the fill is not checked
    assertThat(LinkDataCipher.unpad(hex("0001 61 000000"))).isEqualTo(hex("61"));
  }

  @Test
  void encDataBytesIsNonceThenSecretbox() {
    byte[] key = hex("92f91f61f480698b6edcbc6277359f463f5810065e47253f72657bb8847e0ebe");
    byte[] nonce = new byte[24];
    Arrays.fill(nonce, (byte) 7);
    byte[] signed = LinkSigning.signFixedData(ROOT, FixedLinkData.decode(FIXED_NO_ENTITY));
    byte[] enc =
        LinkDataCipher.encrypt(key, nonce, signed, LinkDataCipher.FIXED_DATA_PADDED_LENGTH);
    assertThat(enc).hasSize(2048); // 24 nonce + 16 tag + 2008 padded
    assertThat(Arrays.copyOf(enc, 24)).isEqualTo(nonce);
    byte[] padded = SecretBox.open(key, nonce, Arrays.copyOfRange(enc, 24, enc.length));
    assertThat(padded).hasSize(2008);
    assertThat(Arrays.copyOf(padded, 2)).isEqualTo(hex("0109")); // 265 = 1 + 64 + 200
    assertThat(Arrays.copyOfRange(padded, 2, 2 + signed.length)).isEqualTo(signed);
    for (int i = 2 + signed.length; i < padded.length; i++) {
      assertThat(padded[i]).isEqualTo((byte) '#');
    }
    byte[] user =
        LinkDataCipher.encrypt(
            key, nonce, SOME_CONTACT_LINK_DATA, LinkDataCipher.USER_DATA_PADDED_LENGTH);
    assertThat(user).hasSize(13824); // 24 + 16 + 13784
  }

  @Test
  void queueLinkDataIsTwoLargeStrings() {
    QueueLinkData d = new QueueLinkData(hex("0102"), hex("030405"));
    byte[] enc = encode((w, ww) -> d.encode(w));
    assertThat(enc).isEqualTo(hex("0002 0102", "0003 030405"));
    assertThat(BinaryReader.decodeAll(enc, QueueLinkData::decode)).isEqualTo(d);
  }
}
