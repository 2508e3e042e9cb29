package io.chatrelay.codec.link;

import io.chatrelay.codec.crypto.DhAlgorithm;
import io.chatrelay.codec.crypto.DhPublicKey;
import io.chatrelay.codec.crypto.KemPublicKey;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.QueryString;
import io.chatrelay.codec.encoding.QueryString.Param;
import io.chatrelay.codec.version.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The double-ratchet parameters an invitation proposes (simplexmq {@code RcvE2ERatchetParamsUri
 * 'X448}): the e2e encryption version range, two X448 keys for X3DH and, from version 3, an
 * optional sntrup761 KEM key.
 *
 * <p>String form ({@code QSP QNoEscaping}: values not escaped, the whole string is escaped again
 * when it is put in a connection request): {@code v=<range>&x3dh=<key1>,<key2>[&kem_key=<key>]},
 * keys in padded base64url of their DER (KEM key: raw bytes). {@code kem_key} is printed and read
 * only when the range's maximum is at least {@value #PQ_VERSION}; a {@code kem_ct} (accepted KEM
 * state) is refused, as SimpleX refuses it in an invitation.
 *
 * <p>Invariants: both keys X448; KEM key only with maximum version &ge; {@value #PQ_VERSION}.
 *
 * @param versions e2e encryption version range
 * @param key1 first X3DH key
 * @param key2 second X3DH key
 * @param kemKey proposed post-quantum KEM key
 */
public record E2eRatchetParams(
    VersionRange versions, DhPublicKey key1, DhPublicKey key2, Optional<KemPublicKey> kemKey) {

  /** E2E version from which KEM parameters are carried ({@code pqRatchetE2EEncryptVersion}). */
  public static final int PQ_VERSION = 3;

  /**
   * @throws DecodeException BAD_KEY if a key is not X448, INVALID_VALUE for a KEM key below version
   *     {@value #PQ_VERSION}
   */
  public E2eRatchetParams {
    Objects.requireNonNull(versions, "versions");
    Objects.requireNonNull(key1, "key1");
    Objects.requireNonNull(key2, "key2");
    Objects.requireNonNull(kemKey, "kemKey");
    if (key1.algorithm() != DhAlgorithm.X448 || key2.algorithm() != DhAlgorithm.X448) {
      throw DecodeException.badKey(
          "invitation e2e keys must be X448, got " + key1.algorithm() + "," + key2.algorithm());
    }
    if (kemKey.isPresent() && versions.max() < PQ_VERSION) {
      throw DecodeException.invalid(
          "a KEM key needs e2e version " + PQ_VERSION + ", range is " + versions);
    }
  }

  /** The string form. */
  public String print() {
    List<Param> params = new ArrayList<>();
    params.add(new Param("v", versions.print()));
    params.add(new Param("x3dh", key1.print() + "," + key2.print()));
    kemKey.ifPresent(k -> params.add(new Param("kem_key", Base64Url.encodePadded(k.bytes()))));
    return QueryString.renderRawValues(params);
  }

  /**
   * Parses the string form.
   *
   * @throws DecodeException MISSING_FIELD, BAD_ENCODING, BAD_KEY or INVALID_VALUE
   */
  public static E2eRatchetParams parse(String s) {
    List<Param> q = QueryString.parse(s);
    VersionRange vr = VersionRange.parse(QueryString.required(q, "v", "e2e parameters"));
    String[] keys = QueryString.required(q, "x3dh", "e2e parameters").split(",", -1);
    if (keys.length != 2) {
      throw DecodeException.invalid("e2e parameters need exactly 2 x3dh keys, got " + keys.length);
    }
    DhPublicKey k1 = parseAnyDhKey(keys[0]);
    DhPublicKey k2 = parseAnyDhKey(keys[1]);
    if (k1.algorithm() != k2.algorithm()) {
      throw DecodeException.badKey("e2e parameters: different key algorithms");
    }
    Optional<KemPublicKey> kem = Optional.empty();
    if (vr.max() >= PQ_VERSION) {
      Optional<String> kemKey = QueryString.first(q, "kem_key");
      if (kemKey.isPresent()) {
        if (QueryString.first(q, "kem_ct").isPresent()) {
          throw DecodeException.invalid(
              "accepted KEM state (kem_ct) is not allowed in an invitation");
        }
        kem = Optional.of(new KemPublicKey(Base64Url.decode(kemKey.get(), "kem_key")));
      }
    }
    return new E2eRatchetParams(vr, k1, k2, kem);
  }

  private static DhPublicKey parseAnyDhKey(String s) {
    byte[] der = Base64Url.decode(s, "x3dh key");
    for (DhAlgorithm a : DhAlgorithm.values()) {
      if (der.length == a.derLength()) {
        return new DhPublicKey(a, der);
      }
    }
    throw DecodeException.badKey("x3dh key of " + der.length + " bytes is neither X25519 nor X448");
  }

  /**
   * The binary form, as simplexmq's {@code Encoding (E2ERatchetParamsUri s a)}: version range, both
   * keys as DER strings, then a Maybe of {@code 'P'} and the KEM key as a Word16-length string. The
   * Maybe is written whatever the range (simplexmq encodes the tuple {@code (vr, k1, k2, kem_)}
   * without a version condition; only the string form drops the KEM key below version {@value
   * #PQ_VERSION}).
   */
  public void encode(BinaryWriter w) {
    versions.encode(w);
    w.writeShortBytes(key1.der());
    w.writeShortBytes(key2.der());
    w.writeMaybe(
        kemKey,
        (k, ww) -> {
          ww.writeChar('P');
          ww.writeLarge(k.bytes());
        });
  }

  /**
   * Reads the binary form of {@link #encode}: the KEM Maybe is always present, whatever the range.
   *
   * @throws DecodeException TRUNCATED, BAD_KEY, or INVALID_VALUE for an accepted KEM state ({@code
   *     'A'}, refused in an invitation as SimpleX's {@code RcvE2ERatchetParamsUri} refuses it) or a
   *     KEM key with a maximum version below {@value #PQ_VERSION}
   */
  public static E2eRatchetParams decode(BinaryReader r) {
    VersionRange vr = VersionRange.decode(r);
    DhPublicKey k1 = new DhPublicKey(DhAlgorithm.X448, r.readShortBytes());
    DhPublicKey k2 = new DhPublicKey(DhAlgorithm.X448, r.readShortBytes());
    Optional<KemPublicKey> kem =
        r.readMaybe(
            rr -> {
              int tag = rr.readByte();
              if (tag != 'P') {
                throw DecodeException.invalid(
                    "KEM state 0x" + Integer.toHexString(tag) + " is not allowed in an invitation");
              }
              return new KemPublicKey(rr.readLarge(KemPublicKey.LENGTH));
            });
    return new E2eRatchetParams(vr, k1, k2, kem);
  }

  @Override
  public String toString() {
    return "E2eRatchetParams[v=" + versions + ", kem=" + kemKey.isPresent() + "]";
  }
}
