package io.chatrelay.codec.linkdata;

import static io.chatrelay.codec.linkdata.LinkDataFixtures.*;
import static io.chatrelay.codec.linkdata.LinkDataVectorsTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.SecretBox;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.DecodeException.Reason;
import io.chatrelay.codec.encoding.EncodeException;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.LinkType;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.ShortLink;
import io.chatrelay.codec.link.ShortLinkScheme;
import io.chatrelay.codec.link.SimplexVectors;
import io.chatrelay.codec.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What link data refuses, and how: each decoder's defects with their {@link Reason}, each
 * decryption check with its {@link LinkDataException.Failure}, and every encoder's refusal of a
 * value that does not fit its length prefix.
 */
@ExtendWith(Seeded.class)
class LinkDataNegativeTest {

  static void decodeFails(Runnable r, Reason reason) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            DecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  static void linkFails(Runnable r, LinkDataException.Failure failure) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            LinkDataException.class, e -> assertThat(e.failure()).isEqualTo(failure));
  }

  static byte[] concat(byte[]... parts) {
    BinaryWriter w = new BinaryWriter();
    for (byte[] p : parts) {
      w.writeRaw(p);
    }
    return w.toByteArray();
  }

  // ---- truncated ----

  @Test
  void everyProperPrefixIsTruncated() {
    byte[] owner = LinkDataVectorsTest.OWNER_AUTH;
    byte[] link = ShortLinkCodec.encode(SimplexShortLinkTest.RELAY_LINK_1);
    byte[] contact = LinkDataVectorsTest.SOME_CONTACT_LINK_DATA;
    byte[] fixed = LinkDataVectorsTest.FIXED_NO_ENTITY;
    for (int n = 0; n < owner.length; n++) {
      byte[] p = Arrays.copyOf(owner, n);
      decodeFails(() -> OwnerAuth.decode(new BinaryReader(p)), Reason.TRUNCATED);
    }
    for (int n = 0; n < link.length; n++) {
      byte[] p = Arrays.copyOf(link, n);
      decodeFails(() -> ShortLinkCodec.decode(new BinaryReader(p)), Reason.TRUNCATED);
    }
    // user data is last: with no extension, every cut is inside a field
    for (int n = 0; n < contact.length; n++) {
      byte[] p = Arrays.copyOf(contact, n);
      decodeFails(() -> ConnLinkData.decode(p), Reason.TRUNCATED);
    }
    // without entity id, the connection request's last byte (its Maybe) ends the data
    for (int n = 0; n < fixed.length; n++) {
      byte[] p = Arrays.copyOf(fixed, n);
      decodeFails(() -> FixedLinkData.decode(p), Reason.TRUNCATED);
    }
  }

  @Test
  void ownerAuthTruncatedInsideItsWrapper() {
    // the wrapper is complete (0x10 bytes) but the key inside it is cut
    byte[] enc = hex("10", "04 61626364", "2c 302a300506032b6570");
    decodeFails(() -> OwnerAuth.decode(new BinaryReader(enc)), Reason.TRUNCATED);
  }

  @Test
  void listCountsBeyondTheItemsAreTruncated() {
    // direct 'T', owners: 255 items announced, none present
    decodeFails(() -> UserContactData.decode(new BinaryReader(hex("54 ff"))), Reason.TRUNCATED);
    // relays: 3 announced, 1 present
    byte[] relay = ShortLinkCodec.encode(SimplexShortLinkTest.RELAY_LINK_2);
    byte[] enc = concat(hex("54 00 03"), relay);
    decodeFails(() -> UserContactData.decode(new BinaryReader(enc)), Reason.TRUNCATED);
  }

  // ---- trailing bytes ----

  @Test
  void trailingBytesAfterSelfDelimitedValuesAreRefused() {
    byte[] owner = concat(LinkDataVectorsTest.OWNER_AUTH, hex("00"));
    decodeFails(() -> BinaryReader.decodeAll(owner, OwnerAuth::decode), Reason.TRAILING_DATA);
    byte[] link = concat(ShortLinkCodec.encode(SimplexShortLinkTest.RELAY_LINK_1), hex("00"));
    decodeFails(() -> BinaryReader.decodeAll(link, ShortLinkCodec::decode), Reason.TRAILING_DATA);
    byte[] q = hex("0001 aa 0001 bb 00");
    decodeFails(() -> BinaryReader.decodeAll(q, QueueLinkData::decode), Reason.TRAILING_DATA);
  }

  @Test
  void linkDataIgnoresTrailingBytesWhereSimplexmqDoes() {
    byte[] tail = hex("deadbeef");
    assertThat(FixedLinkData.decode(concat(LinkDataVectorsTest.FIXED_NO_ENTITY, hex("09"), tail)))
        .isEqualTo(FixedLinkData.decode(LinkDataVectorsTest.FIXED_NO_ENTITY));
    ConnLinkData inv = new InvitationLinkData(AGENT, SOME_USER_DATA);
    assertThat(ConnLinkData.decode(concat(inv.encode(), tail))).isEqualTo(inv);
    UserContactData c =
        ((ContactLinkData)
                ConnLinkData.decode(concat(LinkDataVectorsTest.SOME_CONTACT_LINK_DATA, tail)))
            .contactData();
    assertThat(c.extension()).isEqualTo(tail);
  }

  // ---- bad values ----

  @Test
  void badKeysAndSignatures() {
    byte[] der = Ed25519Der.encode(LinkDataVectorsTest.ROOT.publicKey());
    decodeFails(() -> Ed25519Der.decode(Arrays.copyOf(der, 43)), Reason.BAD_KEY);
    decodeFails(() -> Ed25519Der.decode(Arrays.copyOf(der, 45)), Reason.BAD_KEY);
    byte[] x25519Header = der.clone();
    x25519Header[11 - 2] = 0x6e; // OID 1.3.101.110 (X25519) instead of .112
    decodeFails(() -> Ed25519Der.decode(x25519Header), Reason.BAD_KEY);
    byte[] smallOrder = der.clone(); // the identity point (0, 1): small order
    Arrays.fill(smallOrder, 12, 44, (byte) 0);
    smallOrder[12] = 1;
    decodeFails(() -> Ed25519Der.decode(smallOrder), Reason.BAD_KEY);

    // OwnerAuth with a 63-byte signature
    byte[] ownerKey = concat(hex("2c"), der);
    byte[] inner = concat(hex("01 61"), ownerKey, hex("3f"), new byte[63]);
    byte[] enc = concat(new byte[] {(byte) inner.length}, inner);
    decodeFails(() -> OwnerAuth.decode(new BinaryReader(enc)), Reason.INVALID_VALUE);
    // and with a 114-byte (Ed448-sized) one: simplexmq refuses it for an Ed25519 signature too
    byte[] inner448 = concat(hex("01 61"), ownerKey, hex("72"), new byte[114]);
    byte[] enc448 = concat(new byte[] {(byte) inner448.length}, inner448);
    decodeFails(() -> OwnerAuth.decode(new BinaryReader(enc448)), Reason.INVALID_VALUE);
  }

  @Test
  void badShortLinks() {
    byte[] good = ShortLinkCodec.encode(SimplexShortLinkTest.RELAY_LINK_2);
    byte[] badMode = good.clone();
    badMode[0] = 'Z';
    decodeFails(() -> ShortLinkCodec.decode(new BinaryReader(badMode)), Reason.UNKNOWN_TYPE);
    byte[] badType = good.clone();
    badType[1] = 'X';
    decodeFails(() -> ShortLinkCodec.decode(new BinaryReader(badType)), Reason.UNKNOWN_TYPE);
    // lower-case letters are the string form's, not the binary form's
    byte[] lower = good.clone();
    lower[1] = 'a';
    decodeFails(() -> ShortLinkCodec.decode(new BinaryReader(lower)), Reason.UNKNOWN_TYPE);
    // a 31-byte link key
    byte[] shortKey = Arrays.copyOf(good, good.length - 1);
    shortKey[shortKey.length - 32] = 31;
    decodeFails(() -> ShortLinkCodec.decode(new BinaryReader(shortKey)), Reason.INVALID_VALUE);
    // an invitation link where a contact-mode link is required (a relay in UserContactData)
    byte[] inv =
        ShortLinkCodec.encode(
            new io.chatrelay.codec.link.InvitationShortLink(
                ShortLinkScheme.HTTPS,
                SimplexVectors.SRV,
                SimplexVectors.LINK_ID,
                SimplexVectors.LINK_KEY));
    decodeFails(() -> ShortLinkCodec.decodeContact(new BinaryReader(inv)), Reason.INVALID_VALUE);
    byte[] withInvitationRelay = concat(hex("54 00 01"), inv, hex("00"));
    decodeFails(
        () -> UserContactData.decode(new BinaryReader(withInvitationRelay)), Reason.INVALID_VALUE);
    // an invitation link id of 23 bytes
    BinaryWriter w = new BinaryWriter().writeChar('I');
    SimplexVectors.SRV.encode(w);
    byte[] shortId =
        w.writeShortBytes(Arrays.copyOf(SimplexVectors.LINK_ID, 23))
            .writeShortBytes(SimplexVectors.LINK_KEY)
            .toByteArray();
    decodeFails(() -> ShortLinkCodec.decode(new BinaryReader(shortId)), Reason.INVALID_VALUE);
  }

  @Test
  void badTagsAndModes() {
    decodeFails(
        () -> UserContactData.decode(new BinaryReader(hex("58 00 00 00"))), Reason.INVALID_VALUE);
    decodeFails(() -> ConnLinkData.decode(hex("5a 0002 0007 00")), Reason.UNKNOWN_TYPE);
    decodeFails(
        () -> ConnLinkData.decode(hex("49 0002 0007 00"), ConnectionMode.CONTACT),
        Reason.INVALID_VALUE);
    decodeFails(
        () ->
            ConnLinkData.decode(
                LinkDataVectorsTest.SOME_CONTACT_LINK_DATA, ConnectionMode.INVITATION),
        Reason.INVALID_VALUE);
    decodeFails(
        () -> FixedLinkData.decode(LinkDataVectorsTest.FIXED_NO_ENTITY, ConnectionMode.INVITATION),
        Reason.INVALID_VALUE);
    // an inverted version range
    decodeFails(() -> ConnLinkData.decode(hex("49 0007 0002 00")), Reason.INVALID_VALUE);
  }

  // ---- decryption ----

  /** A contact link's encrypted data, keys and signed parts, from seeded keys. */
  record Enc(Ed25519KeyPair root, byte[] linkKey, byte[] k, QueueLinkData data, byte[] fixed) {}

  static Enc enc(Random random) {
    Ed25519KeyPair root = keyPair(random);
    FixedLinkData fd =
        new FixedLinkData(
            AGENT, root.publicKey(), SimplexVectors.CONTACT_CONN_REQUEST, Optional.empty());
    byte[] k = ShortLinkKdf.contactKeys(fd.linkKey()).secretBoxKey();
    byte[] signedFixed = LinkSigning.signFixedData(root, fd);
    byte[] signedUser =
        LinkSigning.signUserData(
            root, new ContactLinkData(AGENT, contactData(true, List.of(), SOME_USER_DATA)));
    QueueLinkData data =
        LinkDataCipher.encryptLinkData(k, secureRandom(random), signedFixed, signedUser);
    return new Enc(root, fd.linkKey(), k, data, signedFixed);
  }

  /** Seals raw padded plaintext as the user part, to test what comes after decryption. */
  static QueueLinkData withRawUserPlaintext(Enc e, byte[] padded) {
    byte[] nonce = new byte[24];
    byte[] sealed = SecretBox.seal(e.k(), nonce, padded);
    return e.data().withUserData(concat(nonce, sealed));
  }

  @Test
  void decryptionFailures(Random random) {
    Enc e = enc(random);
    assertThatCode(
            () -> LinkDataCipher.decrypt(e.linkKey(), e.k(), e.data(), ConnectionMode.CONTACT))
        .doesNotThrowAnyException();
    // wrong secretbox key
    byte[] otherKey = bytes(random, 32);
    linkFails(
        () -> LinkDataCipher.decrypt(e.linkKey(), otherKey, e.data(), ConnectionMode.CONTACT),
        LinkDataException.Failure.DECRYPTION_FAILED);
    // shorter than a nonce: a decoding failure, as simplexmq's (CbNonce, Tail) parser
    linkFails(
        () ->
            LinkDataCipher.decrypt(
                e.linkKey(), e.k(), e.data().withUserData(new byte[23]), ConnectionMode.CONTACT),
        LinkDataException.Failure.MALFORMED);
    // a nonce and less than a tag
    linkFails(
        () ->
            LinkDataCipher.decrypt(
                e.linkKey(), e.k(), e.data().withUserData(new byte[39]), ConnectionMode.CONTACT),
        LinkDataException.Failure.DECRYPTION_FAILED);
    // wrong mode: the contact data read as an invitation's
    linkFails(
        () -> LinkDataCipher.decrypt(e.linkKey(), e.k(), e.data(), ConnectionMode.INVITATION),
        LinkDataException.Failure.MALFORMED);
  }

  @Test
  void badPadding(Random random) {
    Enc e = enc(random);
    // length 0xffff, far beyond the rest
    byte[] padded = new byte[100];
    padded[0] = (byte) 0xFF;
    padded[1] = (byte) 0xFF;
    linkFails(
        () ->
            LinkDataCipher.decrypt(
                e.linkKey(), e.k(), withRawUserPlaintext(e, padded), ConnectionMode.CONTACT),
        LinkDataException.Failure.BAD_PADDING);
    // one byte: no length
    linkFails(
        () ->
            LinkDataCipher.decrypt(
                e.linkKey(), e.k(), withRawUserPlaintext(e, new byte[1]), ConnectionMode.CONTACT),
        LinkDataException.Failure.BAD_PADDING);
    linkFails(
        () -> LinkDataCipher.unpad(hex("0005 61626364")), LinkDataException.Failure.BAD_PADDING);
    // padded, but the signature inside is 63 bytes
    byte[] shortSig = LinkDataCipher.pad(concat(hex("3f"), new byte[63], hex("00")), 200);
    linkFails(
        () ->
            LinkDataCipher.decrypt(
                e.linkKey(), e.k(), withRawUserPlaintext(e, shortSig), ConnectionMode.CONTACT),
        LinkDataException.Failure.MALFORMED);
  }

  @Test
  void badSignatures(Random random) {
    Enc e = enc(random);
    Ed25519KeyPair other = keyPair(random);
    // fixed data naming root but signed by another key: the fixed signature fails
    FixedLinkData fd = FixedLinkData.decode(Arrays.copyOfRange(e.fixed(), 65, e.fixed().length));
    byte[] forged = LinkSigning.encodeSign(other, fd.encode());
    QueueLinkData data =
        new QueueLinkData(
            LinkDataCipher.encrypt(
                e.k(), secureRandom(random), forged, LinkDataCipher.FIXED_DATA_PADDED_LENGTH),
            e.data().encUserData());
    linkFails(
        () -> LinkDataCipher.decrypt(e.linkKey(), e.k(), data, ConnectionMode.CONTACT),
        LinkDataException.Failure.BAD_FIXED_SIGNATURE);
    assertThatThrownBy(() -> LinkSigning.signFixedData(other, fd))
        .isInstanceOf(IllegalArgumentException.class);

    // an invitation's user data is signed by the root key only
    Ed25519KeyPair root = keyPair(random);
    FixedLinkData inv =
        new FixedLinkData(
            AGENT, root.publicKey(), SimplexVectors.INV_CONN_REQUEST, Optional.empty());
    byte[] k = ShortLinkKdf.invitationKey(inv.linkKey());
    SecureRandom g = secureRandom(random);
    QueueLinkData invData =
        LinkDataCipher.encryptLinkData(
            k,
            g,
            LinkSigning.signFixedData(root, inv),
            LinkSigning.signUserData(other, new InvitationLinkData(AGENT, SOME_USER_DATA)));
    linkFails(
        () -> LinkDataCipher.decrypt(inv.linkKey(), k, invData, ConnectionMode.INVITATION),
        LinkDataException.Failure.BAD_USER_SIGNATURE);
  }

  @Test
  void ownersAreCheckedBeforeTheUserSignature(Random random) {
    // user data signed by the root key, with an owner that is the root key: the owner check
    // fails first, as in simplexmq
    Enc e = enc(random);
    OwnerAuth rootAsOwner = OwnerAuth.create(new byte[] {1}, e.root().publicKey(), e.root());
    byte[] signed =
        LinkSigning.signUserData(
            e.root(),
            new ContactLinkData(AGENT, contactData(true, List.of(rootAsOwner), SOME_USER_DATA)));
    QueueLinkData data =
        e.data().withUserData(LinkDataCipher.encryptUserData(e.k(), secureRandom(random), signed));
    linkFails(
        () -> LinkDataCipher.decrypt(e.linkKey(), e.k(), data, ConnectionMode.CONTACT),
        LinkDataException.Failure.OWNER_IS_ROOT);
    assertThatCode(() -> OwnerAuth.validateLinkOwners(e.root().publicKey(), List.of()))
        .doesNotThrowAnyException();
  }

  // ---- encoders refuse what does not fit ----

  static void encodeFails(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOf(EncodeException.class);
  }

  static byte[] encode(BinaryWriter.Encoder<BinaryWriter> body) {
    BinaryWriter w = new BinaryWriter();
    body.encode(w, w);
    return w.toByteArray();
  }

  @Test
  void encodersRefuseOverLongValues(Random random) {
    Ed25519KeyPair root = keyPair(random);
    // user data: 65535 bytes fit a Large, 65536 do not
    encode((w, ww) -> new UserLinkData(new byte[65535]).encode(w));
    encodeFails(() -> encode((w, ww) -> new UserLinkData(new byte[65536]).encode(w)));

    // owner authorisation: id and extension share 144 bytes of the 255-byte wrapper
    OwnerAuth fits = new OwnerAuth(new byte[100], root.publicKey(), new byte[64], new byte[44]);
    assertThat(encode((w, ww) -> fits.encode(w))).hasSize(256);
    OwnerAuth idTooLong = new OwnerAuth(new byte[145], root.publicKey(), new byte[64]);
    encodeFails(() -> encode((w, ww) -> idTooLong.encode(w)));
    OwnerAuth extTooLong =
        new OwnerAuth(new byte[100], root.publicKey(), new byte[64], new byte[45]);
    encodeFails(() -> encode((w, ww) -> extTooLong.encode(w)));

    // entity id: a ByteString
    FixedLinkData bigEntity =
        new FixedLinkData(
            AGENT,
            root.publicKey(),
            SimplexVectors.CONTACT_CONN_REQUEST,
            Optional.of(new byte[256]));
    encodeFails(bigEntity::encode);
    encodeFails(bigEntity::linkKey);

    // 256 owners or relays exceed the 1-byte count
    OwnerAuth one = OwnerAuth.create(new byte[] {1}, keyPair(random).publicKey(), root);
    UserContactData manyOwners = contactData(true, Collections.nCopies(256, one), SOME_USER_DATA);
    encodeFails(() -> new ContactLinkData(AGENT, manyOwners).encode());
    UserContactData manyRelays =
        new UserContactData(
            true,
            List.of(),
            Collections.nCopies(256, SimplexShortLinkTest.RELAY_LINK_2),
            SOME_USER_DATA);
    encodeFails(() -> new ContactLinkData(AGENT, manyRelays).encode());
    UserContactData maxRelays =
        new UserContactData(
            true,
            List.of(),
            Collections.nCopies(255, SimplexShortLinkTest.RELAY_LINK_2),
            SOME_USER_DATA);
    assertThat(ConnLinkData.decode(new ContactLinkData(AGENT, maxRelays).encode()))
        .isEqualTo(new ContactLinkData(AGENT, maxRelays));

    // QueueLinkData parts are Large
    encodeFails(() -> encode((w, ww) -> new QueueLinkData(new byte[65536], new byte[0]).encode(w)));
  }

  @Test
  void shortLinksWithoutABinaryFormAreRefused(Random random) {
    ShortLink groupWithRelays =
        new GroupShortLink(
            ShortLinkScheme.HTTPS,
            LinkType.GROUP,
            SimplexVectors.SRV,
            SimplexVectors.LINK_KEY,
            List.of(SimplexVectors.SRV1));
    encodeFails(() -> ShortLinkCodec.encode(groupWithRelays));
    ShortLink perGroupRelay =
        new RelayShortLink(
            ShortLinkScheme.HTTPS,
            SimplexVectors.SRV,
            Optional.of(bytes(random, 24)),
            SimplexVectors.LINK_KEY);
    encodeFails(() -> ShortLinkCodec.encode(perGroupRelay));
    UserContactData d =
        new UserContactData(true, List.of(), List.of(perGroupRelay), SOME_USER_DATA);
    encodeFails(() -> new ContactLinkData(AGENT, d).encode());
    // and an invitation link is not a relay
    assertThatThrownBy(
            () ->
                new UserContactData(
                    true,
                    List.of(),
                    List.of(
                        new io.chatrelay.codec.link.InvitationShortLink(
                            ShortLinkScheme.HTTPS,
                            SimplexVectors.SRV,
                            SimplexVectors.LINK_ID,
                            SimplexVectors.LINK_KEY)),
                    SOME_USER_DATA))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encryptionRefusesDataBeyondThePaddedLength(Random random) {
    byte[] key = bytes(random, 32);
    SecureRandom g = secureRandom(random);
    assertThat(LinkDataCipher.encrypt(key, g, new byte[2006], 2008)).hasSize(2048);
    encodeFails(() -> LinkDataCipher.encrypt(key, g, new byte[2007], 2008));
    assertThat(LinkDataCipher.encryptUserData(key, g, new byte[13782])).hasSize(13824);
    encodeFails(() -> LinkDataCipher.encryptUserData(key, g, new byte[13783]));
    // simplexmq's maxMsgLen: a Word16 length of at most 65533, whatever the padded length
    encodeFails(() -> LinkDataCipher.pad(new byte[65534], 70000));
    assertThat(LinkDataCipher.pad(new byte[65533], 65535)).hasSize(65535);
    // fixed data too big to sign and encrypt: many queues' worth of connection request
    List<io.chatrelay.codec.link.SmpQueueUri> queues = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      queues.add(SimplexVectors.QUEUE);
    }
    Ed25519KeyPair root = keyPair(random);
    FixedLinkData big =
        new FixedLinkData(
            AGENT,
            root.publicKey(),
            new io.chatrelay.codec.link.ContactRequest(SimplexVectors.data(queues)),
            Optional.empty());
    byte[] signed = LinkSigning.signFixedData(root, big);
    assertThat(signed.length).isGreaterThan(2006);
    encodeFails(
        () -> LinkDataCipher.encrypt(key, g, signed, LinkDataCipher.FIXED_DATA_PADDED_LENGTH));
  }

  // ---- nothing secret in toString ----

  @Test
  void toStringPrintsNoKeysOrSignatures(Random random) {
    Ed25519KeyPair root = keyPair(random);
    OwnerAuth a =
        OwnerAuth.create("id".getBytes(StandardCharsets.US_ASCII), root.publicKey(), root);
    FixedLinkData fd =
        new FixedLinkData(
            AGENT,
            root.publicKey(),
            SimplexVectors.CONTACT_CONN_REQUEST,
            Optional.of(new byte[] {7}));
    ShortLinkKdf.ContactLinkKeys keys = ShortLinkKdf.contactKeys(fd.linkKey());
    String all =
        String.join(
            " ",
            a.toString(),
            fd.toString(),
            keys.toString(),
            SOME_USER_DATA.toString(),
            contactData(true, List.of(a), SOME_USER_DATA).toString());
    String fingerprint = root.publicKey().toString();
    assertThat(all)
        .doesNotContain(
            fingerprint.substring(fingerprint.indexOf('[') + 1, fingerprint.indexOf('…')))
        .doesNotContain(HexFormat.of().formatHex(a.signature()).substring(0, 8))
        .doesNotContain(io.chatrelay.codec.encoding.Base64Url.encodeUnpadded(keys.secretBoxKey()))
        .doesNotContain("some user data");
  }
}
