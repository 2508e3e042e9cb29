package io.chatrelay.codec.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.WNafUtil;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Checks many Ed25519 signatures at once, for less than half the work of checking them one by one.
 *
 * <p>Each signature {@code (R, s)} by key {@code A} over {@code M} is valid when {@code [8][s]B =
 * [8]R + [8][k]A} with {@code k = SHA-512(R || A || M) mod L}: RFC 8032 §5.1.7's cofactored group
 * equation. For n signatures, random 128-bit {@code z_i} combine them into one equation, {@code
 * [8]([Σ z_i s_i]B − Σ [z_i]R_i − Σ [z_i k_i]A_i) = 0}, computed as one multi-scalar multiplication
 * (Straus, sliding windows of width 5): the 253 doublings are shared by all terms, and signatures
 * by the same key share one {@code A} term (a channel's posts, all by one owner, cost little more
 * than decoding each {@code R}). If every signature is valid the sum is zero; if one is not, the
 * sum is zero only with probability about 2<sup>-128</sup> over the {@code z_i}, which a signer
 * cannot predict.
 *
 * <p>{@code false} says that at least one signature in the batch fails; the caller then checks each
 * alone ({@link SignatureCheck#verifyAlone}) to learn which. Bouncy Castle's verification of one
 * signature checks the same cofactored equation, so the batch accepts exactly what checking each
 * alone accepts, up to that 2<sup>-128</sup>; {@code Ed25519BatchTest} pins the agreement,
 * including for signatures whose error is a point of small order (which only a key's holder can
 * make), which both accept.
 *
 * <p>Field arithmetic is Bouncy Castle's ({@link X25519Field}); this class adds the point
 * arithmetic of extended twisted Edwards coordinates (Hisil, Wong, Carter and Dawson, 2008). It
 * runs in variable time, which is safe: everything it handles is public.
 */
public final class Ed25519Batch {
  private static final BigInteger P =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  /** The order of the base point: 2^252 + 27742317777372353535851937790883648493. */
  static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private static final int[] D = fieldElement(curveD());
  private static final int[] D2 = fieldElement(curveD().shiftLeft(1).mod(P));

  private static final byte[] BASE = basePointEncoding();

  private static final Cached[] BASE_TABLE = oddMultiples(decode(BASE, 0));

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ed25519Batch() {}

  /**
   * True if every signature in {@code checks} is valid, as checking each alone would find (up to
   * the class comment's 2<sup>-128</sup>); {@code true} for an empty list. A single check is made
   * alone, with Bouncy Castle.
   */
  public static boolean verify(List<SignatureCheck> checks) {
    int n = checks.size();
    if (n == 0) {
      return true;
    }
    if (n == 1) {
      return checks.get(0).verifyAlone();
    }
    MessageDigest sha512 = sha512();
    byte[] random = new byte[16 * n];
    RANDOM.nextBytes(random);
    List<Term> terms = new ArrayList<>(n + 2);
    Map<Ed25519PublicKey, BigInteger> keyScalars = new LinkedHashMap<>();
    BigInteger baseScalar = BigInteger.ZERO;
    for (int i = 0; i < n; i++) {
      SignatureCheck c = checks.get(i);
      byte[] sig = c.signature();
      if (sig.length != 64) {
        return false;
      }
      BigInteger s = littleEndian(sig, 32, 32);
      if (s.compareTo(L) >= 0) {
        return false;
      }
      Point r = decode(sig, 0);
      if (r == null) {
        return false;
      }
      sha512.update(sig, 0, 32);
      sha512.update(c.key().bytes());
      sha512.update(c.message());
      BigInteger k = littleEndian(sha512.digest(), 0, 64).mod(L);
      BigInteger z = littleEndian(random, 16 * i, 16);
      baseScalar = baseScalar.add(z.multiply(s));
      keyScalars.merge(c.key(), z.multiply(k), BigInteger::add);
      terms.add(new Term(oddMultiples(r), slide(z), true));
    }
    for (Map.Entry<Ed25519PublicKey, BigInteger> e : keyScalars.entrySet()) {
      // Decoded when the key was made; oddMultiples does not change it.
      terms.add(new Term(oddMultiples(e.getKey().point()), slide(e.getValue().mod(L)), true));
    }
    terms.add(new Term(BASE_TABLE, slide(baseScalar.mod(L)), false));
    Point sum = straus(terms);
    for (int i = 0; i < 3; i++) {
      sum.twice();
    }
    return sum.isIdentity();
  }

  /** {@code [k]p}; for tests. */
  static Point times(Point p, BigInteger k) {
    return straus(List.of(new Term(oddMultiples(p), slide(k), false)));
  }

  /** The base point; for tests. */
  static Point base() {
    return decode(BASE, 0);
  }

  /** One term of the sum: a point's table of odd multiples and its scalar's signed digits. */
  private record Term(Cached[] table, byte[] digits, boolean negate) {}

  /** {@code Σ ±[scalar]point} over the terms, by interleaved sliding windows (Straus). */
  private static Point straus(List<Term> terms) {
    int top = 255;
    while (top >= 0 && allZero(terms, top)) {
      top--;
    }
    Point acc = Point.identity();
    for (int i = top; i >= 0; i--) {
      acc.twice();
      for (Term t : terms) {
        int d = t.digits[i];
        if (d != 0) {
          acc.add(t.table[Math.abs(d) >> 1], (d < 0) != t.negate);
        }
      }
    }
    return acc;
  }

  private static boolean allZero(List<Term> terms, int i) {
    for (Term t : terms) {
      if (t.digits[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * A scalar below 2^255 as 256 signed digits in {-15, …, 15}, each non-zero one odd and followed
   * by at least four zeros, {@code Σ digits[i] 2^i} being the scalar: its width-5 NAF (Bouncy
   * Castle's), padded to 256 digits.
   */
  static byte[] slide(BigInteger scalar) {
    return Arrays.copyOf(WNafUtil.generateWindowNaf(5, scalar), 256);
  }

  /** P, 3P, 5P, …, 15P in the form additions take. */
  private static Cached[] oddMultiples(Point p) {
    Cached[] table = new Cached[8];
    Point twice = p.copy();
    twice.twice();
    Cached step = twice.cached();
    Point cur = p.copy();
    for (int k = 0; k < 8; k++) {
      table[k] = cur.cached();
      if (k < 7) {
        cur.add(step, false);
      }
    }
    return table;
  }

  /**
   * Decodes a point as RFC 8032 §5.1.3 does, refusing a y that is not below p, a y with no x on the
   * curve, and x = 0 with the sign bit set; {@code null} if refused.
   */
  static Point decode(byte[] bytes, int off) {
    if (!canonicalY(bytes, off)) {
      return null;
    }
    int sign = (bytes[off + 31] & 0x80) >>> 7;
    int[] y = X25519Field.create();
    X25519Field.decode255(bytes, off, y, 0);
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(y, u);
    X25519Field.mul(D, u, v);
    X25519Field.subOne(u);
    X25519Field.addOne(v);
    int[] x = X25519Field.create();
    if (!X25519Field.sqrtRatioVar(u, v, x)) {
      return null;
    }
    X25519Field.normalize(x);
    if (sign == 1 && X25519Field.isZeroVar(x)) {
      return null;
    }
    if ((x[0] & 1) != sign) {
      X25519Field.negate(x, x);
      X25519Field.normalize(x);
    }
    X25519Field.normalize(y);
    int[] t = X25519Field.create();
    X25519Field.mul(x, y, t);
    int[] z = X25519Field.create();
    X25519Field.one(z);
    return new Point(x, y, z, t);
  }

  /** True if the 255-bit y of an encoding is below p = 2^255 − 19. */
  private static boolean canonicalY(byte[] b, int off) {
    if ((b[off + 31] & 0x7f) != 0x7f) {
      return true;
    }
    for (int i = 30; i >= 1; i--) {
      if ((b[off + i] & 0xff) != 0xff) {
        return true;
      }
    }
    return (b[off] & 0xff) < 0xed;
  }

  /** A point in extended coordinates: x = X/Z, y = Y/Z, xy = T/Z. Mutable, for speed. */
  static final class Point {
    private final int[] x;
    private final int[] y;
    private final int[] z;
    private final int[] t;

    /** Temporaries of {@link #twice} and {@link #add}, made on first use. */
    private int[][] scratch;

    private Point(int[] x, int[] y, int[] z, int[] t) {
      this.x = x;
      this.y = y;
      this.z = z;
      this.t = t;
    }

    private int[][] scratch() {
      if (scratch == null) {
        scratch = new int[8][X25519Field.SIZE];
      }
      return scratch;
    }

    static Point identity() {
      int[] y = X25519Field.create();
      int[] z = X25519Field.create();
      X25519Field.one(y);
      X25519Field.one(z);
      return new Point(X25519Field.create(), y, z, X25519Field.create());
    }

    Point copy() {
      return new Point(x.clone(), y.clone(), z.clone(), t.clone());
    }

    /** This point doubled, in place (dbl-2008-hwcd with a = −1). */
    void twice() {
      int[][] w = scratch();
      int[] a = w[0];
      int[] b = w[1];
      int[] c = w[2];
      int[] e = w[3];
      int[] h = w[4];
      int[] g = w[5];
      int[] f = w[6];
      X25519Field.sqr(x, a);
      X25519Field.sqr(y, b);
      X25519Field.sqr(z, c);
      fieldAdd(c, c, c);
      fieldAdd(x, y, e);
      X25519Field.sqr(e, e);
      fieldAdd(a, b, h);
      fieldSub(e, h, e); // E = (X + Y)² − A − B
      X25519Field.negate(h, h);
      X25519Field.carry(h); // H = −A − B
      fieldSub(b, a, g); // G = B − A
      fieldSub(g, c, f); // F = G − C
      X25519Field.mul(e, f, x);
      X25519Field.mul(g, h, y);
      X25519Field.mul(e, h, t);
      X25519Field.mul(f, g, z);
    }

    /** Adds {@code q} (or −q), in place (add-2008-hwcd-3 with a = −1). */
    void add(Cached q, boolean negate) {
      int[][] w = scratch();
      int[] a = w[0];
      int[] b = w[1];
      int[] c = w[2];
      int[] d = w[3];
      int[] e = w[4];
      int[] f = w[5];
      int[] g = w[6];
      int[] h = w[7];
      fieldSub(y, x, a);
      fieldAdd(y, x, b);
      // −q = (−x, y): y + x and y − x swap, and T changes sign.
      X25519Field.mul(a, negate ? q.yPlusX : q.yMinusX, a);
      X25519Field.mul(b, negate ? q.yMinusX : q.yPlusX, b);
      X25519Field.mul(t, q.t2d, c);
      X25519Field.mul(z, q.z2, d);
      fieldSub(b, a, e);
      fieldAdd(b, a, h);
      if (negate) {
        fieldAdd(d, c, f);
        fieldSub(d, c, g);
      } else {
        fieldSub(d, c, f);
        fieldAdd(d, c, g);
      }
      X25519Field.mul(e, f, x);
      X25519Field.mul(g, h, y);
      X25519Field.mul(e, h, t);
      X25519Field.mul(f, g, z);
    }

    /** (Y + X, Y − X, 2Z, 2dT): the form of a point that additions take. */
    Cached cached() {
      int[] ypx = X25519Field.create();
      int[] ymx = X25519Field.create();
      int[] z2 = X25519Field.create();
      int[] t2d = X25519Field.create();
      fieldAdd(y, x, ypx);
      fieldSub(y, x, ymx);
      fieldAdd(z, z, z2);
      X25519Field.mul(t, D2, t2d);
      return new Cached(ypx, ymx, z2, t2d);
    }

    /** True if [8] of this point is the neutral point: one of the eight points of small order. */
    boolean hasSmallOrder() {
      Point p = copy();
      for (int i = 0; i < 3; i++) {
        p.twice();
      }
      return p.isIdentity();
    }

    /** True for the neutral point (0, 1): X = 0 and Y = Z. */
    boolean isIdentity() {
      int[] nx = x.clone();
      int[] ny = y.clone();
      int[] nz = z.clone();
      X25519Field.normalize(nx);
      X25519Field.normalize(ny);
      X25519Field.normalize(nz);
      return X25519Field.isZeroVar(nx) && X25519Field.areEqualVar(ny, nz);
    }

    /** The affine coordinates' canonical encoding (RFC 8032 §5.1.2); for tests. */
    byte[] encode() {
      int[] zInv = X25519Field.create();
      X25519Field.inv(z, zInv);
      int[] ax = X25519Field.create();
      int[] ay = X25519Field.create();
      X25519Field.mul(x, zInv, ax);
      X25519Field.mul(y, zInv, ay);
      X25519Field.normalize(ax);
      X25519Field.normalize(ay);
      byte[] out = new byte[32];
      X25519Field.encode(ay, out, 0);
      out[31] |= (byte) ((ax[0] & 1) << 7);
      return out;
    }
  }

  /** A point prepared for additions: (Y + X, Y − X, 2Z, 2dT). */
  private record Cached(int[] yPlusX, int[] yMinusX, int[] z2, int[] t2d) {}

  private static void fieldAdd(int[] a, int[] b, int[] out) {
    X25519Field.add(a, b, out);
    X25519Field.carry(out);
  }

  private static void fieldSub(int[] a, int[] b, int[] out) {
    X25519Field.sub(a, b, out);
    X25519Field.carry(out);
  }

  /** {@code len} bytes at {@code off} read as an unsigned little-endian number. */
  static BigInteger littleEndian(byte[] b, int off, int len) {
    byte[] be = new byte[len];
    for (int i = 0; i < len; i++) {
      be[i] = b[off + len - 1 - i];
    }
    return new BigInteger(1, be);
  }

  private static BigInteger curveD() {
    // d = −121665 / 121666 mod p
    return BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  }

  private static int[] fieldElement(BigInteger v) {
    int[] f = X25519Field.create();
    X25519Field.decode255(littleEndian32(v), 0, f, 0);
    return f;
  }

  /** The base point's encoding: y = 4/5, and x is even, so the sign bit stays 0. */
  private static byte[] basePointEncoding() {
    return littleEndian32(
        BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P));
  }

  /** A non-negative value below 2^256 as 32 little-endian bytes. */
  static byte[] littleEndian32(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < be.length && i < 32; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is required of every JDK", e);
    }
  }
}
