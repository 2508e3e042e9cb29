package io.chatrelay.codec.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Published test vectors for every primitive, and the negative cases that must fail. */
@ExtendWith(Seeded.class)
class CryptoVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  @Test
  void sha256AndSha3() {
    // FIPS 180-2 "abc"; FIPS 202 SHA3-256 of the empty string and of "abc".
    assertThat(HEX.formatHex(Hashes.sha256("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(HEX.formatHex(Hashes.sha3_256(new byte[0])))
        .isEqualTo("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    assertThat(HEX.formatHex(Hashes.sha3_256("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    // parts are concatenated
    assertThat(Hashes.sha3_256("a".getBytes(), "bc".getBytes()))
        .isEqualTo(Hashes.sha3_256("abc".getBytes()));
  }

  @Test
  void ed25519Rfc8032Test1And2() {
    // RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
    Ed25519KeyPair k1 =
        Ed25519KeyPair.fromSeed(
            hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    assertThat(HEX.formatHex(k1.publicKey().bytes()))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] sig1 = k1.sign(new byte[0]);
    assertThat(HEX.formatHex(sig1))
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assertThat(k1.publicKey().verify(new byte[0], sig1)).isTrue();

    Ed25519KeyPair k2 =
        Ed25519KeyPair.fromSeed(
            hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
    assertThat(HEX.formatHex(k2.publicKey().bytes()))
        .isEqualTo("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    assertThat(HEX.formatHex(k2.sign(new byte[] {0x72})))
        .isEqualTo(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  }

  @Test
  void ed25519RefusesForgeriesAndBadKeys(Random random) {
    Ed25519KeyPair k = Ed25519KeyPair.generate(new SecureRandom());
    for (int i = 0; i < 200; i++) {
      byte[] msg = new byte[random.nextInt(100) + 1];
      random.nextBytes(msg);
      byte[] sig = k.sign(msg);
      assertThat(k.publicKey().verify(msg, sig)).isTrue();
      byte[] badSig = sig.clone();
      badSig[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
      assertThat(k.publicKey().verify(msg, badSig)).isFalse();
      byte[] badMsg = msg.clone();
      badMsg[random.nextInt(msg.length)] ^= 1;
      assertThat(k.publicKey().verify(badMsg, sig)).isFalse();
    }
    assertThat(k.publicKey().verify(new byte[1], new byte[63])).isFalse();
    assertThatThrownBy(() -> Ed25519PublicKey.of(new byte[31])).isInstanceOf(CryptoException.class);
    // The identity point (0x01 followed by zeros) has small order: refused by full validation.
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertThatThrownBy(() -> Ed25519PublicKey.of(identity)).isInstanceOf(CryptoException.class);
    // An order-8 torsion point and the order-2 point (0, -1): refused too.
    assertThatThrownBy(
            () ->
                Ed25519PublicKey.of(
                    hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(
            () ->
                Ed25519PublicKey.of(
                    hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")))
        .isInstanceOf(CryptoException.class);
    // With the identity key, (R = identity, S = 0) would "verify" any message: never accepted.
    assertThat(k.toString()).doesNotContain(HEX.formatHex(k.seed()));
  }

  @Test
  void x25519Rfc7748() {
    // RFC 7748 section 6.1.
    byte[] alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] bob = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    assertThat(HEX.formatHex(X25519.publicKey(alice)))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(HEX.formatHex(X25519.publicKey(bob)))
        .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assertThat(HEX.formatHex(X25519.sharedSecret(alice, X25519.publicKey(bob)))).isEqualTo(shared);
    assertThat(HEX.formatHex(X25519.sharedSecret(bob, X25519.publicKey(alice)))).isEqualTo(shared);
    // A low-order public key (all zeros) yields an all-zero secret: refused.
    assertThatThrownBy(() -> X25519.sharedSecret(alice, new byte[32]))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void hkdfSha512() {
    // RFC 5869 test case 1 inputs with SHA-512 (output cross-checked with pyca/cryptography).
    byte[] ikm = new byte[22];
    java.util.Arrays.fill(ikm, (byte) 0x0b);
    byte[] okm =
        Hkdf.sha512(hex("000102030405060708090a0b0c"), ikm, hex("f0f1f2f3f4f5f6f7f8f9"), 42);
    assertThat(HEX.formatHex(okm))
        .isEqualTo(
            "832390086cda71fb47625bb5ceb168e4c8e26a1a16ed34d9fc7fe92c1481579338da362cb8d9f925d7cb");
  }

  @Test
  void secretboxNaclVector() {
    // NaCl tests/secretbox.c (Bernstein), also libsodium's secretbox test; tag || ciphertext.
    byte[] key = hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
    byte[] nonce = hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    byte[] msg =
        hex(
            "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705");
    String sealed =
        "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5";
    assertThat(HEX.formatHex(SecretBox.seal(key, nonce, msg))).isEqualTo(sealed);
    assertThat(SecretBox.open(key, nonce, hex(sealed))).isEqualTo(msg);
  }

  @Test
  void secretboxRefusesTampering(Random random) {
    byte[] key = new byte[32];
    byte[] nonce = new byte[24];
    random.nextBytes(key);
    random.nextBytes(nonce);
    for (int i = 0; i < 200; i++) {
      byte[] msg = new byte[random.nextInt(300)];
      random.nextBytes(msg);
      byte[] sealed = SecretBox.seal(key, nonce, msg);
      assertThat(SecretBox.open(key, nonce, sealed)).isEqualTo(msg);
      byte[] bad = sealed.clone();
      bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
      assertThatThrownBy(() -> SecretBox.open(key, nonce, bad)).isInstanceOf(CryptoException.class);
    }
    assertThatThrownBy(() -> SecretBox.open(key, nonce, new byte[15]))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> SecretBox.seal(new byte[31], nonce, new byte[1]))
        .isInstanceOf(CryptoException.class);
  }
}
