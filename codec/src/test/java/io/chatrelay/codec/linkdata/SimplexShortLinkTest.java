package io.chatrelay.codec.linkdata;

import static io.chatrelay.codec.linkdata.LinkDataFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.link.ConnectionRequest;
import io.chatrelay.codec.link.ShortLink;
import io.chatrelay.codec.link.SimplexVectors;
import io.chatrelay.codec.testing.Seeded;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * simplexmq {@code tests/AgentTests/ShortLinkTests.hs} at commit
 * 92598c2ddb06cfc2c19797a2c900cffcb8af4d5c, test by test. The Haskell tests draw keys from a fresh
 * random generator; these draw them from a seeded one (printed on failure) and check the same
 * properties. Error expectations compare simplexmq's {@code A_LINK} strings as well as our failure
 * kind.
 */
@ExtendWith(Seeded.class)
class SimplexShortLinkTest {

  /** relayLink1 in ShortLinkTests.hs. */
  static final ShortLink RELAY_LINK_1 =
      ShortLink.parse(
          "https://localhost/a#4AkRDmhf64tdRlN406g8lJRg5OCmhD6ynIhi6glOcCM?p=7001&c=LcJUMfVhwD8yxjAiSaDzzGF3-kLG4Uh0Fl_ZIjrRwjI");

  /** relayLink2 in ShortLinkTests.hs. */
  static final ShortLink RELAY_LINK_2 =
      ShortLink.parse("https://localhost/a#4AkRDmhf64tdRlN406g8lJRg5OCmhD6ynIhi6glOcCM");

  /** SL.encodeSignLinkData: the link key and both signed blobs. */
  record Signed(byte[] linkKey, byte[] fixed, byte[] user) {}

  static Signed encodeSignLinkData(
      Ed25519KeyPair keys, ConnectionRequest connReq, ConnLinkData userData) {
    FixedLinkData fd = new FixedLinkData(AGENT, keys.publicKey(), connReq, Optional.empty());
    return new Signed(
        fd.linkKey(),
        LinkSigning.signFixedData(keys, fd),
        LinkSigning.signUserData(keys, userData));
  }

  // ---- describe "invitation short link" ----

  /** ShortLinkTests.hs testInvShortLink: "should encrypt and decrypt link data". */
  @Test
  void testInvShortLink(Random random) {
    SecureRandom g = secureRandom(random);
    Ed25519KeyPair sigKeys = keyPair(random);
    Signed s =
        encodeSignLinkData(
            sigKeys,
            SimplexVectors.INV_CONN_REQUEST,
            new InvitationLinkData(AGENT, SOME_USER_DATA));
    byte[] k = ShortLinkKdf.invitationKey(s.linkKey());
    QueueLinkData srvData = LinkDataCipher.encryptLinkData(k, g, s.fixed(), s.user());

    DecryptedLinkData d =
        LinkDataCipher.decrypt(s.linkKey(), k, srvData, ConnectionMode.INVITATION);
    assertThat(d.fixedData().value().linkConnReq()).isEqualTo(SimplexVectors.INV_CONN_REQUEST);
    assertThat(d.userData().value().userData()).isEqualTo(SOME_USER_DATA);
  }

  /**
   * ShortLinkTests.hs testInvShortLinkBadDataHash: "should fail to decrypt invitation data with bad
   * hash".
   */
  @Test
  void testInvShortLinkBadDataHash(Random random) {
    SecureRandom g = secureRandom(random);
    Ed25519KeyPair sigKeys = keyPair(random);
    Signed s =
        encodeSignLinkData(
            sigKeys,
            SimplexVectors.INV_CONN_REQUEST,
            new InvitationLinkData(AGENT, SOME_USER_DATA));
    // different key
    byte[] linkKey = bytes(random, 32);
    byte[] k = ShortLinkKdf.invitationKey(linkKey);
    QueueLinkData srvData = LinkDataCipher.encryptLinkData(k, g, s.fixed(), s.user());

    assertFails(
        () -> LinkDataCipher.decrypt(linkKey, k, srvData, ConnectionMode.INVITATION),
        LinkDataException.Failure.HASH_MISMATCH,
        "link data hash");
  }

  // ---- describe "contact short link" ----

  /** ShortLinkTests.hs testContactShortLink: "should encrypt and decrypt data". */
  @Test
  void testContactShortLink(Random random) {
    SecureRandom g = secureRandom(random);
    Ed25519KeyPair sigKeys = keyPair(random);
    UserContactData userCtData = contactData(true, List.of(), SOME_USER_DATA);
    Signed s =
        encodeSignLinkData(
            sigKeys, SimplexVectors.CONTACT_CONN_REQUEST, new ContactLinkData(AGENT, userCtData));
    byte[] k = ShortLinkKdf.contactKeys(s.linkKey()).secretBoxKey();
    QueueLinkData srvData = LinkDataCipher.encryptLinkData(k, g, s.fixed(), s.user());

    DecryptedLinkData d = LinkDataCipher.decrypt(s.linkKey(), k, srvData, ConnectionMode.CONTACT);
    assertThat(d.fixedData().value().linkConnReq()).isEqualTo(SimplexVectors.CONTACT_CONN_REQUEST);
    assertThat(((ContactLinkData) d.userData().value()).contactData()).isEqualTo(userCtData);
  }

  /** ShortLinkTests.hs testUpdateContactShortLink: "should encrypt updated user data". */
  @Test
  void testUpdateContactShortLink(Random random) {
    SecureRandom g = secureRandom(random);
    Ed25519KeyPair sigKeys = keyPair(random);
    Signed s =
        encodeSignLinkData(
            sigKeys,
            SimplexVectors.CONTACT_CONN_REQUEST,
            new ContactLinkData(AGENT, contactData(true, List.of(), SOME_USER_DATA)));
    byte[] k = ShortLinkKdf.contactKeys(s.linkKey()).secretBoxKey();
    QueueLinkData srvData = LinkDataCipher.encryptLinkData(k, g, s.fixed(), s.user());
    // encrypt updated user data
    UserContactData userCtData2 =
        new UserContactData(
            false, List.of(), List.of(RELAY_LINK_1, RELAY_LINK_2), UPDATED_USER_DATA);
    byte[] signed = LinkSigning.signUserData(sigKeys, new ContactLinkData(AGENT, userCtData2));
    byte[] ud2 = LinkDataCipher.encryptUserData(k, g, signed);

    DecryptedLinkData d =
        LinkDataCipher.decrypt(s.linkKey(), k, srvData.withUserData(ud2), ConnectionMode.CONTACT);
    assertThat(d.fixedData().value().linkConnReq()).isEqualTo(SimplexVectors.CONTACT_CONN_REQUEST);
    assertThat(((ContactLinkData) d.userData().value()).contactData()).isEqualTo(userCtData2);
  }

  /**
   * ShortLinkTests.hs testContactShortLinkBadDataHash: "should fail to decrypt contact data with
   * bad hash".
   */
  @Test
  void testContactShortLinkBadDataHash(Random random) {
    SecureRandom g = secureRandom(random);
    Ed25519KeyPair sigKeys = keyPair(random);
    Signed s =
        encodeSignLinkData(
            sigKeys,
            SimplexVectors.CONTACT_CONN_REQUEST,
            new ContactLinkData(AGENT, contactData(true, List.of(), SOME_USER_DATA)));
    // different key
    byte[] linkKey = bytes(random, 32);
    byte[] k = ShortLinkKdf.contactKeys(linkKey).secretBoxKey();
    QueueLinkData srvData = LinkDataCipher.encryptLinkData(k, g, s.fixed(), s.user());

    assertFails(
        () -> LinkDataCipher.decrypt(linkKey, k, srvData, ConnectionMode.CONTACT),
        LinkDataException.Failure.HASH_MISMATCH,
        "link data hash");
  }

  /**
   * ShortLinkTests.hs testContactShortLinkBadSignature: "should fail to decrypt contact data with
   * bad signature".
   */
  @Test
  void testContactShortLinkBadSignature(Random random) {
    SecureRandom g = secureRandom(random);
    Ed25519KeyPair sigKeys = keyPair(random);
    Signed s =
        encodeSignLinkData(
            sigKeys,
            SimplexVectors.CONTACT_CONN_REQUEST,
            new ContactLinkData(AGENT, contactData(true, List.of(), SOME_USER_DATA)));
    byte[] k = ShortLinkKdf.contactKeys(s.linkKey()).secretBoxKey();
    QueueLinkData srvData = LinkDataCipher.encryptLinkData(k, g, s.fixed(), s.user());
    // another signature key
    Ed25519KeyPair pk = keyPair(random);
    byte[] signed =
        LinkSigning.signUserData(
            pk, new ContactLinkData(AGENT, contactData(true, List.of(), UPDATED_USER_DATA)));
    byte[] ud2 = LinkDataCipher.encryptUserData(k, g, signed);

    assertFails(
        () ->
            LinkDataCipher.decrypt(
                s.linkKey(), k, srvData.withUserData(ud2), ConnectionMode.CONTACT),
        LinkDataException.Failure.BAD_USER_SIGNATURE,
        "user data signature");
  }

  // ---- describe "contact link with additional owners" ----

  /**
   * ShortLinkTests.hs testContactShortLinkOwner: "should encrypt and decrypt data with additional
   * owner".
   */
  @Test
  void testContactShortLinkOwner(Random random) {
    Link lnk = encryptLink(random);
    Owner owner = authNewOwner(random, lnk.root());
    UserContactData ud = contactData(true, List.of(owner.auth()), UPDATED_USER_DATA);
    testEncDec(random, lnk.root(), lnk, ud);
    testEncDec(random, owner.keys(), lnk, ud);
    Ed25519KeyPair wrongKey = keyPair(random);
    testEncDecFail(
        random,
        wrongKey,
        lnk,
        ud,
        LinkDataException.Failure.BAD_USER_SIGNATURE,
        "user data signature");
  }

  /**
   * ShortLinkTests.hs testContactShortLinkManyOwners: "should encrypt and decrypt data with many
   * additional owners".
   */
  @Test
  void testContactShortLinkManyOwners(Random random) {
    Link lnk = encryptLink(random);
    Owner owner1 = authNewOwner(random, lnk.root());
    Owner owner2 = authNewOwner(random, lnk.root());
    Owner owner3 = authNewOwner(random, owner1.keys());
    Owner owner4 = authNewOwner(random, owner1.keys());
    Owner owner5 = authNewOwner(random, owner3.keys());
    List<OwnerAuth> owners =
        List.of(owner1.auth(), owner2.auth(), owner3.auth(), owner4.auth(), owner5.auth());
    UserContactData ud = contactData(true, owners, UPDATED_USER_DATA);
    testEncDec(random, lnk.root(), lnk, ud);
    for (Owner o : List.of(owner1, owner2, owner3, owner4, owner5)) {
      testEncDec(random, o.keys(), lnk, ud);
    }
    Ed25519KeyPair wrongKey = keyPair(random);
    testEncDecFail(
        random,
        wrongKey,
        lnk,
        ud,
        LinkDataException.Failure.BAD_USER_SIGNATURE,
        "user data signature");
  }

  /**
   * ShortLinkTests.hs testContactShortLinkInvalidOwners: "should fail to decrypt contact data with
   * invalid or unauthorized owners".
   */
  @Test
  void testContactShortLinkInvalidOwners(Random random) {
    Link lnk = encryptLink(random);
    Owner owner = authNewOwner(random, lnk.root());
    Ed25519KeyPair pk = lnk.root();
    // decryption fails: owner uses root key
    UserContactData ud =
        mkCtData(new OwnerAuth(owner.auth().ownerId(), pk.publicKey(), owner.auth().signature()));
    String err = "owner key for ID " + ownerIdStr(owner.auth()) + " matches root key";
    testEncDecFail(random, pk, lnk, ud, LinkDataException.Failure.OWNER_IS_ROOT, err);
    testEncDecFail(random, owner.keys(), lnk, ud, LinkDataException.Failure.OWNER_IS_ROOT, err);
    // decryption fails: duplicate owner ID or key
    Owner owner1 = authNewOwner(random, pk);
    UserContactData ud1 =
        mkCtData(
            owner.auth(),
            new OwnerAuth(
                owner.auth().ownerId(), owner1.auth().ownerKey(), owner1.auth().signature()));
    UserContactData ud1b =
        mkCtData(
            owner.auth(),
            new OwnerAuth(
                owner1.auth().ownerId(), owner.auth().ownerKey(), owner1.auth().signature()));
    testEncDecFail(
        random,
        pk,
        lnk,
        ud1,
        LinkDataException.Failure.DUPLICATE_OWNER,
        "duplicate owner key or ID " + ownerIdStr(owner.auth()));
    testEncDecFail(
        random,
        pk,
        lnk,
        ud1b,
        LinkDataException.Failure.DUPLICATE_OWNER,
        "duplicate owner key or ID " + ownerIdStr(owner1.auth()));
    // decryption fails: wrong order
    Owner owner2 = authNewOwner(random, owner.keys());
    UserContactData ud2 = mkCtData(owner.auth(), owner1.auth(), owner2.auth());
    UserContactData ud2b = mkCtData(owner.auth(), owner2.auth(), owner1.auth());
    testEncDec(random, pk, lnk, ud2);
    testEncDec(random, pk, lnk, ud2b);
    testEncDec(random, owner.keys(), lnk, ud2);
    testEncDec(random, owner1.keys(), lnk, ud2);
    testEncDec(random, owner2.keys(), lnk, ud2);
    UserContactData ud2c = mkCtData(owner2.auth(), owner.auth(), owner1.auth());
    testEncDecFail(
        random,
        pk,
        lnk,
        ud2c,
        LinkDataException.Failure.UNAUTHORISED_OWNER,
        "invalid authorization of owner ID " + ownerIdStr(owner2.auth()));
    // decryption fails: authorized with wrong key
    Ed25519KeyPair wrongKey = keyPair(random);
    Owner owner3 = authNewOwner(random, wrongKey);
    UserContactData ud3 = mkCtData(owner3.auth());
    UserContactData ud3b = mkCtData(owner.auth(), owner1.auth(), owner2.auth(), owner3.auth());
    String err3 = "invalid authorization of owner ID " + ownerIdStr(owner3.auth());
    testEncDecFail(random, pk, lnk, ud3, LinkDataException.Failure.UNAUTHORISED_OWNER, err3);
    testEncDecFail(random, pk, lnk, ud3b, LinkDataException.Failure.UNAUTHORISED_OWNER, err3);
  }

  // ---- the Haskell test's helpers ----

  /** The encrypted fixed data, link key and secretbox key of a contact link (encryptLink). */
  record Link(Ed25519KeyPair root, byte[] fd, byte[] linkKey, byte[] k) {}

  /** An owner's key pair and its authorisation (authNewOwner). */
  record Owner(Ed25519KeyPair keys, OwnerAuth auth) {}

  static Link encryptLink(Random random) {
    Ed25519KeyPair sigKeys = keyPair(random);
    Signed s =
        encodeSignLinkData(
            sigKeys,
            SimplexVectors.CONTACT_CONN_REQUEST,
            new ContactLinkData(AGENT, contactData(true, List.of(), SOME_USER_DATA)));
    byte[] k = ShortLinkKdf.contactKeys(s.linkKey()).secretBoxKey();
    QueueLinkData srvData =
        LinkDataCipher.encryptLinkData(k, secureRandom(random), s.fixed(), s.user());
    return new Link(sigKeys, srvData.encFixedData(), s.linkKey(), k);
  }

  static Owner authNewOwner(Random random, Ed25519KeyPair signer) {
    Ed25519KeyPair ownerKeys = keyPair(random);
    byte[] ownerId = bytes(random, 16);
    return new Owner(ownerKeys, OwnerAuth.create(ownerId, ownerKeys.publicKey(), signer));
  }

  static DecryptedLinkData encDec(
      Random random, Ed25519KeyPair pk, Link lnk, UserContactData ctData) {
    byte[] signed = LinkSigning.signUserData(pk, new ContactLinkData(AGENT, ctData));
    byte[] ud = LinkDataCipher.encryptUserData(lnk.k(), secureRandom(random), signed);
    return LinkDataCipher.decrypt(
        lnk.linkKey(), lnk.k(), new QueueLinkData(lnk.fd(), ud), ConnectionMode.CONTACT);
  }

  static void testEncDec(Random random, Ed25519KeyPair pk, Link lnk, UserContactData ctData) {
    DecryptedLinkData d = encDec(random, pk, lnk, ctData);
    assertThat(d.fixedData().value().linkConnReq()).isEqualTo(SimplexVectors.CONTACT_CONN_REQUEST);
    assertThat(((ContactLinkData) d.userData().value()).contactData()).isEqualTo(ctData);
  }

  static void testEncDecFail(
      Random random,
      Ed25519KeyPair pk,
      Link lnk,
      UserContactData ctData,
      LinkDataException.Failure failure,
      String err) {
    assertFails(() -> encDec(random, pk, lnk, ctData), failure, err);
  }

  static UserContactData mkCtData(OwnerAuth... owners) {
    return contactData(true, List.of(owners), UPDATED_USER_DATA);
  }

  static String ownerIdStr(OwnerAuth o) {
    return Base64Url.encodeUnpadded(o.ownerId());
  }

  static void assertFails(Runnable r, LinkDataException.Failure failure, String message) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            LinkDataException.class, e -> assertThat(e.failure()).isEqualTo(failure))
        .hasMessage(message);
  }
}
