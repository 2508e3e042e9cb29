package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.crypto.Hashes;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.EncodeException;
import io.chatrelay.codec.link.ConnectionRequest;
import io.chatrelay.codec.version.VersionRange;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable part of short-link data (simplexmq {@code FixedLinkData}): the creator's agent
 * versions, the root signing key, the full connection request the short link stands for, and an
 * optional entity id (SimpleX Chat: a group's id).
 *
 * <p>Binary form:
 *
 * <pre>
 * agentVRange   two Word16, min then max
 * rootKey       ByteString of the 44-byte DER ({@link Ed25519Der})
 * linkConnReq   {@link ConnectionRequest#encode} ('I' … or 'C' …)
 * linkEntityId  ByteString, only when present (no Maybe tag)
 * </pre>
 *
 * The link key is SHA3-256 of these bytes. On reading, as simplexmq does, the entity id is taken if
 * a complete {@code ByteString} follows the request, and anything after it (or after the request,
 * if no complete string follows) is ignored, for forward compatibility. A value read may therefore
 * re-encode to other bytes (and so another key): hash the bytes that were read ({@link #linkKeyOf},
 * {@link Decoded}).
 *
 * <p>{@link #toString()} prints no key.
 *
 * @param agentVRange the creator's agent version range
 * @param rootKey the key that signs this data and, by default, the user data
 * @param linkConnReq the full connection request
 * @param linkEntityId application entity id, copied
 */
public record FixedLinkData(
    VersionRange agentVRange,
    Ed25519PublicKey rootKey,
    ConnectionRequest linkConnReq,
    Optional<byte[]> linkEntityId) {

  public FixedLinkData {
    Objects.requireNonNull(agentVRange, "agentVRange");
    Objects.requireNonNull(rootKey, "rootKey");
    Objects.requireNonNull(linkConnReq, "linkConnReq");
    linkEntityId = Objects.requireNonNull(linkEntityId, "linkEntityId").map(byte[]::clone);
  }

  /** The mode of the connection request: the mode of the whole link. */
  public ConnectionMode mode() {
    return ConnectionMode.of(linkConnReq);
  }

  @Override
  public Optional<byte[]> linkEntityId() {
    return linkEntityId.map(byte[]::clone);
  }

  /**
   * Writes the binary form.
   *
   * @throws EncodeException if the entity id or a part of the request exceeds its length prefix
   */
  public void encode(BinaryWriter w) {
    agentVRange.encode(w);
    Ed25519Der.write(w, rootKey);
    linkConnReq.encode(w);
    if (linkEntityId.isPresent()) {
      w.writeShortBytes(linkEntityId.get());
    }
  }

  /** The binary form as an array. */
  public byte[] encode() {
    BinaryWriter w = new BinaryWriter(512);
    encode(w);
    return w.toByteArray();
  }

  /** The link key of this value: SHA3-256 of {@link #encode()}. */
  public byte[] linkKey() {
    return linkKeyOf(encode());
  }

  /** The link key of encoded fixed data: SHA3-256 of exactly these bytes. */
  public static byte[] linkKeyOf(byte[] encoded) {
    return Hashes.sha3_256(encoded);
  }

  /**
   * Reads fixed data of either mode from the whole of {@code bytes}.
   *
   * @throws DecodeException TRUNCATED, BAD_KEY for a bad root key, or the reason of the first
   *     defect in the connection request
   */
  public static FixedLinkData decode(byte[] bytes) {
    BinaryReader r = new BinaryReader(bytes);
    VersionRange vr = VersionRange.decode(r);
    Ed25519PublicKey rootKey = Ed25519Der.read(r, "root key");
    ConnectionRequest connReq = ConnectionRequest.decode(r);
    Optional<byte[]> entityId = Optional.empty();
    // simplexmq: optional smpP <* A.takeByteString. The entity id is a complete ByteString or
    // nothing; the rest is ignored either way.
    if (r.remaining() > 0 && r.peekByte() <= r.remaining() - 1) {
      entityId = Optional.of(r.readShortBytes());
    }
    return new FixedLinkData(vr, rootKey, connReq, entityId);
  }

  /**
   * Reads fixed data and checks its mode (simplexmq {@code smpP @(FixedLinkData c)}).
   *
   * @throws DecodeException INVALID_VALUE for a request of the other mode, or as {@link
   *     #decode(byte[])}
   */
  public static FixedLinkData decode(byte[] bytes, ConnectionMode expected) {
    FixedLinkData d = decode(bytes);
    d.mode().require(expected, "fixed link data");
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FixedLinkData d
        && agentVRange.equals(d.agentVRange)
        && rootKey.equals(d.rootKey)
        && linkConnReq.equals(d.linkConnReq)
        && linkEntityId.isPresent() == d.linkEntityId.isPresent()
        && (linkEntityId.isEmpty() || Arrays.equals(linkEntityId.get(), d.linkEntityId.get()));
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        agentVRange, rootKey, linkConnReq, linkEntityId.map(Arrays::hashCode).orElse(0));
  }

  @Override
  public String toString() {
    return "FixedLinkData["
        + agentVRange
        + ", "
        + mode()
        + (linkEntityId.isPresent() ? ", entityId=" + linkEntityId.get().length + " bytes" : "")
        + "]";
  }
}
