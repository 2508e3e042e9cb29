package io.chatrelay.codec.linkdata;

import static io.chatrelay.codec.linkdata.LinkDataFixtures.secureRandom;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Hashes;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.ConnectionRequest;
import io.chatrelay.codec.link.ShortLink;
import io.chatrelay.codec.link.SimplexVectors;
import io.chatrelay.codec.testing.Seeded;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * decode(encode(x)) == x and encode(decode(b)) == b over seeded random values (the seed is printed
 * on failure; {@code -Dtest.seed=random -Dtest.iterations=N} for longer runs), and mutated
 * encodings fail only in the typed ways.
 */
@ExtendWith(Seeded.class)
class LinkDataPropertiesTest {
  private static final int N = Seeded.iterations(300);

  static <T> byte[] encode(T value, BinaryWriter.Encoder<T> encoder) {
    BinaryWriter w = new BinaryWriter();
    encoder.encode(value, w);
    return w.toByteArray();
  }

  @Test
  void userLinkDataRoundTrips(Random random) {
    LinkDataGen gen = new LinkDataGen(random);
    for (int i = 0; i < N; i++) {
      UserLinkData d = gen.userData();
      byte[] enc = encode(d, UserLinkData::encode);
      assertThat(enc.length).isEqualTo(d.length() + (d.length() <= 254 ? 1 : 3));
      assertThat(BinaryReader.decodeAll(enc, UserLinkData::decode)).isEqualTo(d);
    }
  }

  @Test
  void ownerAuthsRoundTripWithTheirExtension(Random random) {
    LinkDataGen gen = new LinkDataGen(random);
    Ed25519KeyPair root = gen.keyPair();
    for (int i = 0; i < N; i++) {
      OwnerAuth a = gen.ownerAuth(root);
      byte[] enc = encode(a, OwnerAuth::encode);
      OwnerAuth back = BinaryReader.decodeAll(enc, OwnerAuth::decode);
      assertThat(back).isEqualTo(a);
      assertThat(back.isAuthorisedBy(root.publicKey())).isTrue();
    }
  }

  @Test
  void shortLinksRoundTripInBinary(Random random) {
    LinkDataGen gen = new LinkDataGen(random);
    for (int i = 0; i < N; i++) {
      ShortLink l = gen.shortLink(false);
      byte[] enc = ShortLinkCodec.encode(l);
      assertThat(BinaryReader.decodeAll(enc, ShortLinkCodec::decode)).isEqualTo(l);
    }
  }

  @Test
  void contactLinkDataRoundTripsByteForByte(Random random) {
    LinkDataGen gen = new LinkDataGen(random);
    Ed25519KeyPair root = gen.keyPair();
    for (int i = 0; i < N; i++) {
      ConnLinkData d =
          new ContactLinkData(
              gen.range(), gen.contactData(gen.chain(root, 4).owners(), gen.userData()));
      byte[] enc = d.encode();
      assertThat(ConnLinkData.decode(enc, ConnectionMode.CONTACT)).isEqualTo(d);
      assertThat(ConnLinkData.decode(enc).encode()).isEqualTo(enc);
    }
  }

  @Test
  void invitationLinkDataRoundTrips(Random random) {
    LinkDataGen gen = new LinkDataGen(random);
    for (int i = 0; i < N; i++) {
      ConnLinkData d = new InvitationLinkData(gen.range(), gen.userData());
      byte[] enc = d.encode();
      assertThat(ConnLinkData.decode(enc, ConnectionMode.INVITATION)).isEqualTo(d);
      // a tail is ignored
      byte[] withTail = Arrays.copyOf(enc, enc.length + random.nextInt(10));
      assertThat(ConnLinkData.decode(withTail)).isEqualTo(d);
    }
  }

  @Test
  void fixedLinkDataRoundTrips(Random random) {
    LinkDataGen gen = new LinkDataGen(random);
    for (int i = 0; i < N; i++) {
      ConnectionRequest req = gen.links.connectionRequest();
      Optional<byte[]> entity =
          random.nextBoolean() ? Optional.empty() : Optional.of(gen.bytes(random.nextInt(256)));
      FixedLinkData fd = new FixedLinkData(gen.range(), gen.keyPair().publicKey(), req, entity);
      byte[] enc = fd.encode();
      assertThat(fd.linkKey()).isEqualTo(Hashes.sha3_256(enc));
      FixedLinkData back = FixedLinkData.decode(enc, fd.mode());
      // SimpleX's decoder of a connection request fills in a missing queue mode (which a queue of
      // client version 4 then writes), so the value is a fixed point after one round, and the
      // hash must be taken of the bytes received.
      assertThat(FixedLinkData.decode(back.encode())).isEqualTo(back);
      assertThat(back.agentVRange()).isEqualTo(fd.agentVRange());
      assertThat(back.rootKey()).isEqualTo(fd.rootKey());
      assertThat(back.mode()).isEqualTo(fd.mode());
      assertThat(back.linkEntityId().map(Arrays::toString)).isEqualTo(entity.map(Arrays::toString));
    }
  }

  @Test
  void signedEncryptedLinkDataDecryptsToWhatWasSigned(Random random) {
    LinkDataGen gen = new LinkDataGen(random);
    SecureRandom g = secureRandom(random);
    int n = Math.max(20, N / 10);
    for (int i = 0; i < n; i++) {
      Ed25519KeyPair root = gen.keyPair();
      boolean contact = random.nextBoolean();
      ConnectionRequest req =
          contact ? SimplexVectors.CONTACT_CONN_REQUEST : SimplexVectors.INV_CONN_REQUEST;
      Optional<byte[]> entity =
          random.nextBoolean() ? Optional.empty() : Optional.of(gen.bytes(random.nextInt(64)));
      FixedLinkData fd = new FixedLinkData(gen.range(), root.publicKey(), req, entity);
      ConnLinkData ud;
      Ed25519KeyPair signer = root;
      if (contact) {
        LinkDataGen.Chain chain = gen.chain(root, 6);
        ud = new ContactLinkData(gen.range(), gen.contactData(chain.owners(), gen.smallUserData()));
        if (!chain.keys().isEmpty() && random.nextBoolean()) {
          signer = chain.keys().get(random.nextInt(chain.keys().size()));
        }
      } else {
        ud = new InvitationLinkData(gen.range(), gen.smallUserData());
      }
      byte[] linkKey = fd.linkKey();
      byte[] k =
          contact
              ? ShortLinkKdf.contactKeys(linkKey).secretBoxKey()
              : ShortLinkKdf.invitationKey(linkKey);
      QueueLinkData enc =
          LinkDataCipher.encryptLinkData(
              k, g, LinkSigning.signFixedData(root, fd), LinkSigning.signUserData(signer, ud));
      assertThat(enc.encFixedData()).hasSize(2048);
      assertThat(enc.encUserData()).hasSize(13824);

      DecryptedLinkData d = LinkDataCipher.decrypt(linkKey, k, enc, ConnectionMode.of(req));
      assertThat(d.fixedData().value()).isEqualTo(fd);
      assertThat(d.fixedData().bytes()).isEqualTo(fd.encode());
      assertThat(d.userData().value()).isEqualTo(ud);
      assertThat(d.userData().bytes()).isEqualTo(ud.encode());
    }
  }

  @Test
  void mutatedEncryptedDataFailsTyped(Random random) {
    SecureRandom g = secureRandom(random);
    Ed25519KeyPair root = LinkDataFixtures.keyPair(random);
    FixedLinkData fd =
        new FixedLinkData(
            LinkDataFixtures.AGENT,
            root.publicKey(),
            SimplexVectors.CONTACT_CONN_REQUEST,
            Optional.empty());
    byte[] linkKey = fd.linkKey();
    byte[] k = ShortLinkKdf.contactKeys(linkKey).secretBoxKey();
    QueueLinkData enc =
        LinkDataCipher.encryptLinkData(
            k,
            g,
            LinkSigning.signFixedData(root, fd),
            LinkSigning.signUserData(
                root,
                new ContactLinkData(
                    LinkDataFixtures.AGENT,
                    LinkDataFixtures.contactData(
                        true, List.of(), LinkDataFixtures.SOME_USER_DATA))));
    for (int i = 0; i < N; i++) {
      boolean inFixed = random.nextBoolean();
      byte[] target = inFixed ? enc.encFixedData() : enc.encUserData();
      if (random.nextInt(4) == 0) {
        target = Arrays.copyOf(target, random.nextInt(target.length));
      } else {
        target[random.nextInt(target.length)] ^= (byte) (1 << random.nextInt(8));
      }
      QueueLinkData bad =
          inFixed ? new QueueLinkData(target, enc.encUserData()) : enc.withUserData(target);
      try {
        LinkDataCipher.decrypt(linkKey, k, bad, ConnectionMode.CONTACT);
        throw new AssertionError("a changed encryption decrypted (case " + i + ")");
      } catch (LinkDataException e) {
        assertThat(e.failure())
            .isIn(LinkDataException.Failure.DECRYPTION_FAILED, LinkDataException.Failure.MALFORMED);
      }
    }
  }

  /** Decoders of mutated valid encodings return a value or throw DecodeException, nothing else. */
  @Test
  void mutatedEncodingsDecodeOrFailTyped(Random random) {
    LinkDataGen gen = new LinkDataGen(random);
    Ed25519KeyPair root = gen.keyPair();
    for (int i = 0; i < N * 3; i++) {
      byte[] enc;
      java.util.function.Consumer<byte[]> decoder;
      switch (random.nextInt(4)) {
        case 0:
          enc =
              new FixedLinkData(
                      gen.range(),
                      root.publicKey(),
                      gen.links.connectionRequest(),
                      Optional.of(gen.bytes(4)))
                  .encode();
          decoder = FixedLinkData::decode;
          break;
        case 1:
          enc =
              new ContactLinkData(
                      gen.range(),
                      gen.contactData(gen.chain(root, 2).owners(), gen.smallUserData()))
                  .encode();
          decoder = ConnLinkData::decode;
          break;
        case 2:
          enc = encode(gen.ownerAuth(root), OwnerAuth::encode);
          decoder = b -> BinaryReader.decodeAll(b, OwnerAuth::decode);
          break;
        default:
          enc = ShortLinkCodec.encode(gen.shortLink(false));
          decoder = b -> BinaryReader.decodeAll(b, ShortLinkCodec::decode);
      }
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits && enc.length > 0; e++) {
        switch (random.nextInt(3)) {
          case 0 -> enc[random.nextInt(enc.length)] ^= (byte) (1 << random.nextInt(8));
          case 1 -> enc[random.nextInt(enc.length)] = (byte) random.nextInt(256);
          default -> enc = Arrays.copyOf(enc, random.nextInt(enc.length + 8));
        }
      }
      try {
        decoder.accept(enc);
      } catch (DecodeException expected) {
        assertThat(expected.reason()).isNotNull();
      }
    }
  }
}
