package io.chatrelay.codec.group;

import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.crypto.Hashes;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.version.VersionRange;
import java.util.Arrays;

/**
 * The immutable part of a group's link data, fixed when the group is created.
 *
 * <p>Its hash is the link key: {@code linkKey = SHA3-256(encode(fixed))}, carried in the group
 * link, so anyone holding the link can check a copy of this data, wherever it was fetched. The
 * group id is {@code SHA-256(rootKey)}; a decoded value whose group id does not match its root key
 * is refused.
 *
 * <p>Layout: {@code versionRange(Word16, Word16) groupType(1 byte: 'c'|'g') rootKey(ByteString, 32)
 * groupId(ByteString, 32)}.
 */
public record FixedLinkData(VersionRange versions, GroupType type, Ed25519PublicKey rootKey) {

  /** Versions of the link data format this code writes and reads. */
  public static final VersionRange SUPPORTED = VersionRange.of(1);

  public FixedLinkData {
    if (versions == null || type == null || rootKey == null) {
      throw new NullPointerException("fixed link data fields are required");
    }
  }

  public static FixedLinkData create(GroupType type, Ed25519PublicKey rootKey) {
    return new FixedLinkData(SUPPORTED, type, rootKey);
  }

  /** {@code SHA-256(rootKey)}. */
  public byte[] groupId() {
    return Hashes.sha256(rootKey.bytes());
  }

  /** {@code SHA3-256} of this data's encoding: the key in the group link. */
  public byte[] linkKey() {
    return Hashes.sha3_256(encode());
  }

  public byte[] encode() {
    BinaryWriter w = new BinaryWriter(80);
    versions.encode(w);
    w.writeChar(type.tag());
    w.writeShortBytes(rootKey.bytes());
    w.writeShortBytes(groupId());
    return w.toByteArray();
  }

  /**
   * Decodes fixed link data.
   *
   * @throws DecodeException if malformed, of an unsupported version, with a bad root key or a group
   *     id that is not the hash of the root key
   */
  public static FixedLinkData decode(byte[] bytes) {
    return BinaryReader.decodeAll(bytes, FixedLinkData::read);
  }

  static FixedLinkData read(BinaryReader r) {
    VersionRange versions = VersionRange.decode(r);
    if (versions.highestCommon(SUPPORTED) < 0) {
      throw new DecodeException(
          DecodeException.Reason.UNSUPPORTED_VERSION,
          "link data versions " + versions + " not supported (" + SUPPORTED + ")");
    }
    GroupType type = GroupType.fromTag(r.readByte());
    Ed25519PublicKey root = Keys.ed25519(r.readShortBytesExactly(32, "root key"));
    byte[] groupId = r.readShortBytesExactly(32, "group id");
    FixedLinkData fixed = new FixedLinkData(versions, type, root);
    if (!Arrays.equals(groupId, fixed.groupId())) {
      throw DecodeException.invalid("group id is not SHA-256 of the root key");
    }
    return fixed;
  }
}
