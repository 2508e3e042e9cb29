package io.chatrelay.codec.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ed25519BatchTest {
  private static final HexFormat HEX = HexFormat.of();

  /** A point of order 8 (RFC 8032's small-order points; "Taming the many EdDSAs", table 6). */
  private static final byte[] ORDER_8 =
      HEX.parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");

  private static Random seeded(long seed) {
    System.out.println("Ed25519BatchTest seed " + seed);
    return new Random(seed);
  }

  private static Ed25519KeyPair key(Random random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return Ed25519KeyPair.fromSeed(seed);
  }

  private static SignatureCheck signed(Ed25519KeyPair k, Random random) {
    byte[] m = new byte[random.nextInt(600)];
    random.nextBytes(m);
    return new SignatureCheck(k.publicKey(), m, k.sign(m));
  }

  /** n valid checks, by a few keys or each by its own, in random order. */
  private static List<SignatureCheck> valid(Random random, int n) {
    List<Ed25519KeyPair> keys = new ArrayList<>();
    int distinct = random.nextBoolean() ? 1 + random.nextInt(3) : n;
    for (int i = 0; i < distinct; i++) {
      keys.add(key(random));
    }
    List<SignatureCheck> checks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      checks.add(signed(keys.get(random.nextInt(distinct)), random));
    }
    return checks;
  }

  @Test
  void theBasePointTimesASecretScalarIsBouncyCastlesPublicKey() throws Exception {
    Random random = seeded(System.nanoTime());
    for (int i = 0; i < 50; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      byte[] pk = new byte[32];
      Ed25519.generatePublicKey(seed, 0, pk, 0);
      assertThat(Ed25519Batch.times(Ed25519Batch.base(), secretScalar(seed)).encode())
          .isEqualTo(pk);
      assertThat(Ed25519Batch.decode(pk, 0).encode()).isEqualTo(pk);
    }
    assertThat(Ed25519Batch.times(Ed25519Batch.base(), Ed25519Batch.L).isIdentity()).isTrue();
    assertThat(Ed25519Batch.times(Ed25519Batch.base(), BigInteger.ONE).isIdentity()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 8, 31, 64, 100})
  void aBatchOfValidSignaturesPasses(int n) {
    Random random = seeded(System.nanoTime());
    for (int round = 0; round < 10; round++) {
      assertThat(Ed25519Batch.verify(valid(random, n))).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 64})
  void oneBadSignatureAnywhereFailsTheBatch(int n) {
    Random random = seeded(System.nanoTime());
    for (int round = 0; round < 40; round++) {
      List<SignatureCheck> checks = valid(random, n);
      int bad = random.nextInt(n);
      SignatureCheck c = checks.get(bad);
      byte[] m = c.message().clone();
      byte[] sig = c.signature().clone();
      Ed25519PublicKey k = c.key();
      switch (round % 4) {
        case 0 -> {
          if (m.length == 0) {
            m = new byte[] {1};
          } else {
            m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 1 -> sig[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8)); // R
        case 2 -> sig[32 + random.nextInt(31)] ^= (byte) (1 << random.nextInt(8)); // S
        default -> k = key(random).publicKey(); // another key
      }
      SignatureCheck forged = new SignatureCheck(k, m, sig);
      assertThat(forged.verifyAlone()).isFalse();
      checks.set(bad, forged);
      assertThat(Ed25519Batch.verify(checks)).as("round %d, bad at %d", round, bad).isFalse();
    }
  }

  @Test
  void anSAtOrAboveTheGroupOrderIsRefusedAsTheStrictCheckRefusesIt() {
    Random random = seeded(System.nanoTime());
    List<SignatureCheck> checks = valid(random, 4);
    SignatureCheck c = checks.get(2);
    byte[] sig = c.signature().clone();
    // s + L names the same point multiple, so only the range check refuses it.
    byte[] sPlusL =
        Ed25519Batch.littleEndian32(Ed25519Batch.littleEndian(sig, 32, 32).add(Ed25519Batch.L));
    System.arraycopy(sPlusL, 0, sig, 32, 32);
    SignatureCheck malleated = new SignatureCheck(c.key(), c.message(), sig);
    assertThat(malleated.verifyAlone()).isFalse();
    checks.set(2, malleated);
    assertThat(Ed25519Batch.verify(checks)).isFalse();
  }

  @Test
  void aNonCanonicalOrOffCurveREncodingFailsTheBatch() {
    Random random = seeded(System.nanoTime());
    List<SignatureCheck> checks = valid(random, 3);
    byte[] sig = checks.get(1).signature().clone();
    byte[] overP = new byte[32];
    java.util.Arrays.fill(overP, (byte) 0xff);
    overP[31] = 0x7f; // y = 2^255 − 1 ≥ p
    System.arraycopy(overP, 0, sig, 0, 32);
    checks.set(1, new SignatureCheck(checks.get(1).key(), checks.get(1).message(), sig));
    assertThat(Ed25519Batch.decode(overP, 0)).isNull();
    assertThat(Ed25519Batch.verify(checks)).isFalse();
    // y = 2: 4 − 1 over 4d + 1 is not a square, so no x puts it on the curve.
    byte[] offCurve = new byte[32];
    offCurve[0] = 2;
    assertThat(Ed25519Batch.decode(offCurve, 0)).isNull();
  }

  @Test
  void twoSignaturesWhoseErrorsCancelStillFailTheBatch() {
    // Two forged signatures by one key whose errors are E and −E: a batch with equal weights would
    // pass them; the random weights make the sum non-zero.
    Random random = seeded(System.nanoTime());
    Ed25519KeyPair k = key(random);
    SignatureCheck a = signed(k, random);
    SignatureCheck b = signed(k, random);
    byte[] sa = a.signature().clone();
    byte[] sb = b.signature().clone();
    BigInteger one = BigInteger.ONE;
    System.arraycopy(
        Ed25519Batch.littleEndian32(
            Ed25519Batch.littleEndian(sa, 32, 32).add(one).mod(Ed25519Batch.L)),
        0,
        sa,
        32,
        32);
    System.arraycopy(
        Ed25519Batch.littleEndian32(
            Ed25519Batch.littleEndian(sb, 32, 32).subtract(one).mod(Ed25519Batch.L)),
        0,
        sb,
        32,
        32);
    List<SignatureCheck> checks =
        List.of(
            new SignatureCheck(k.publicKey(), a.message(), sa),
            new SignatureCheck(k.publicKey(), b.message(), sb));
    for (int i = 0; i < 20; i++) {
      assertThat(Ed25519Batch.verify(checks)).isFalse();
    }
  }

  @Test
  void aSignatureOffOnlyByASmallOrderPointPassesBothTheBatchAndTheCheckAlone() throws Exception {
    // Only a key's holder can make these: a key with a small-order component (A' = aB + T) and
    // signatures computed for A', whose error −[k]T is a small-order point. Both checks use the
    // cofactored equation, so both accept them: the batch and the check alone agree.
    Random random = seeded(System.nanoTime());
    for (int i = 0; i < 16; i++) {
      SignatureCheck crafted = smallOrderError(random);
      List<SignatureCheck> batch = new ArrayList<>(valid(random, 3));
      batch.add(crafted);
      assertThat(crafted.verifyAlone()).isTrue();
      assertThat(Ed25519Batch.verify(batch)).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 16})
  void aBatchPassesExactlyWhenEveryCheckPassesAlone(int n) throws Exception {
    // Differential: batches of valid, crafted small-order-error and forged signatures in random
    // mixes; the batch's answer is the conjunction of the checks made alone.
    Random random = seeded(System.nanoTime());
    for (int round = 0; round < 60; round++) {
      List<SignatureCheck> checks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int kind = random.nextInt(10);
        if (kind == 0) {
          checks.add(smallOrderError(random));
        } else if (kind == 1) {
          SignatureCheck c = signed(key(random), random);
          byte[] sig = c.signature().clone();
          sig[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
          checks.add(new SignatureCheck(c.key(), c.message(), sig));
        } else {
          checks.add(signed(key(random), random));
        }
      }
      boolean alone = checks.stream().allMatch(SignatureCheck::verifyAlone);
      assertThat(Ed25519Batch.verify(checks)).as("round %d", round).isEqualTo(alone);
    }
  }

  /** A signature by a mixed-order key whose error is a point of small order. */
  private static SignatureCheck smallOrderError(Random random) throws Exception {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    BigInteger a = secretScalar(seed);
    Ed25519Batch.Point mixed = Ed25519Batch.times(Ed25519Batch.base(), a);
    mixed.add(Ed25519Batch.decode(ORDER_8, 0).cached(), false);
    Ed25519PublicKey key = Ed25519PublicKey.of(mixed.encode());
    byte[] m = new byte[40];
    random.nextBytes(m);
    BigInteger r = new BigInteger(250, random);
    byte[] rBytes = Ed25519Batch.times(Ed25519Batch.base(), r).encode();
    MessageDigest sha = MessageDigest.getInstance("SHA-512");
    sha.update(rBytes);
    sha.update(key.bytes());
    sha.update(m);
    BigInteger k = Ed25519Batch.littleEndian(sha.digest(), 0, 64).mod(Ed25519Batch.L);
    BigInteger s = r.add(k.multiply(a)).mod(Ed25519Batch.L);
    byte[] sig = new byte[64];
    System.arraycopy(rBytes, 0, sig, 0, 32);
    System.arraycopy(Ed25519Batch.littleEndian32(s), 0, sig, 32, 32);
    return new SignatureCheck(key, m, sig);
  }

  private static BigInteger secretScalar(byte[] seed) throws Exception {
    byte[] h = MessageDigest.getInstance("SHA-512").digest(seed);
    h[0] &= (byte) 0xf8;
    h[31] &= 0x7f;
    h[31] |= 0x40;
    return Ed25519Batch.littleEndian(h, 0, 32);
  }
}
