package io.chatrelay.codec.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/**
 * {@link Ed25519PublicKey#of} validates keys with the batch's own decoding; it must accept exactly
 * the keys Bouncy Castle's partial validation accepts, which is what it did before.
 */
class Ed25519PublicKeyTest {
  private static final BigInteger P =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  /** A point of order 8 ("Taming the many EdDSAs", table 6). */
  private static final byte[] ORDER_8 =
      HexFormat.of().parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");

  private static Random seeded(long seed) {
    System.out.println("Ed25519PublicKeyTest seed " + seed);
    return new Random(seed);
  }

  private static boolean accepted(byte[] encoding) {
    try {
      Ed25519PublicKey.of(encoding);
      return true;
    } catch (CryptoException e) {
      return false;
    }
  }

  private static void agreesWithBouncyCastle(byte[] encoding) {
    assertThat(accepted(encoding))
        .as("accepted: %s", HexFormat.of().formatHex(encoding))
        .isEqualTo(Ed25519.validatePublicKeyPartial(encoding, 0));
  }

  /** The eight points of small order: [k]T for a point T of order 8, k = 0…7. */
  private static List<byte[]> smallOrderPoints() {
    List<byte[]> points = new ArrayList<>();
    Ed25519Batch.Point t = Ed25519Batch.decode(ORDER_8, 0);
    for (int k = 0; k < 8; k++) {
      points.add(Ed25519Batch.times(t, BigInteger.valueOf(k)).encode());
    }
    return points;
  }

  @Test
  void theEightSmallOrderPointsAndTheirOtherEncodingsAreRefusedAsBouncyCastleRefusesThem() {
    List<byte[]> small = smallOrderPoints();
    assertThat(small.stream().map(HexFormat.of()::formatHex).distinct()).hasSize(8);
    for (byte[] point : small) {
      assertThat(accepted(point)).isFalse();
      agreesWithBouncyCastle(point);
      // The other sign of x (x = 0 for two of them: an encoding that does not decode).
      byte[] flipped = point.clone();
      flipped[31] ^= (byte) 0x80;
      agreesWithBouncyCastle(flipped);
      // y + p, where it fits in 255 bits: not canonical.
      BigInteger y = Ed25519Batch.littleEndian(point, 0, 32).clearBit(255);
      if (y.add(P).bitLength() <= 255) {
        byte[] nonCanonical = Ed25519Batch.littleEndian32(y.add(P));
        nonCanonical[31] |= (byte) (point[31] & 0x80);
        assertThat(accepted(nonCanonical)).isFalse();
        agreesWithBouncyCastle(nonCanonical);
      }
    }
  }

  @Test
  void everyYFromPUpIsRefusedAsBouncyCastleRefusesIt() {
    for (int i = 0; i < 19; i++) {
      for (int sign = 0; sign < 2; sign++) {
        byte[] encoding = Ed25519Batch.littleEndian32(P.add(BigInteger.valueOf(i)));
        encoding[31] |= (byte) (sign << 7);
        assertThat(accepted(encoding)).isFalse();
        agreesWithBouncyCastle(encoding);
      }
    }
  }

  @Test
  void randomByteStringsAreAcceptedExactlyWhenBouncyCastleAcceptsThem() {
    Random random = seeded(System.nanoTime());
    int acceptedCount = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] encoding = new byte[32];
      random.nextBytes(encoding);
      agreesWithBouncyCastle(encoding);
      if (accepted(encoding)) {
        acceptedCount++;
      }
    }
    // About half of all y have an x on the curve: both outcomes were exercised.
    assertThat(acceptedCount).isBetween(2000, 3000);
  }

  @Test
  void keysOfMixedOrderAreAcceptedAndTheirSignaturesCheckAlone() {
    Random random = seeded(System.nanoTime());
    Ed25519Batch.Point t = Ed25519Batch.decode(ORDER_8, 0);
    for (int i = 0; i < 20; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(seed);
      byte[] m = new byte[1 + random.nextInt(100)];
      random.nextBytes(m);
      assertThat(pair.publicKey().verify(m, pair.sign(m))).isTrue();
      // A + T: on the curve, not of small order (nor in the prime-order subgroup).
      Ed25519Batch.Point mixed = Ed25519Batch.decode(pair.publicKey().bytes(), 0);
      mixed.add(t.cached(), false);
      byte[] encoding = mixed.encode();
      assertThat(accepted(encoding)).isTrue();
      agreesWithBouncyCastle(encoding);
    }
  }

  @Test
  void badLengthsAreRefused() {
    assertThatThrownBy(() -> Ed25519PublicKey.of(null)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Ed25519PublicKey.of(new byte[31])).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Ed25519PublicKey.of(new byte[33])).isInstanceOf(CryptoException.class);
  }
}
