package io.chatrelay.codec.group;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;

/**
 * One entry of the owner chain: an owner key authorised by the root key or by an earlier owner.
 *
 * <p>Layout: {@code ownerId(ByteString, 1..32) ownerKey(ByteString, 32) authorisedBy(1 byte: 0 =
 * root, k = owner k of the chain, 1-based) signature(ByteString, 64)}. The signature is by the
 * authoriser over {@code ctx(owner-auth/1) groupId ownerId ownerKey authorisedBy}.
 *
 * @param ownerId a random id naming the owner in this group (never reused across groups)
 * @param authorisedBy 0 for the root key, k for the k-th owner (k must be earlier in the chain)
 */
public record OwnerAuth(
    byte[] ownerId, Ed25519PublicKey ownerKey, int authorisedBy, byte[] signature) {
  public static final int MAX_ID_LENGTH = 32;

  public OwnerAuth {
    if (ownerId == null || ownerId.length < 1 || ownerId.length > MAX_ID_LENGTH) {
      throw DecodeException.invalid("owner id must be 1..32 bytes");
    }
    if (authorisedBy < 0 || authorisedBy > 255) {
      throw DecodeException.invalid("authoriser index out of range: " + authorisedBy);
    }
    if (signature == null || signature.length != 64) {
      throw DecodeException.invalid("owner signature must be 64 bytes");
    }
    ownerId = ownerId.clone();
    signature = signature.clone();
  }

  /** Signs a new owner entry with the authoriser's key pair. */
  public static OwnerAuth create(
      byte[] groupId,
      byte[] ownerId,
      Ed25519PublicKey ownerKey,
      int authorisedBy,
      Ed25519KeyPair authoriser) {
    byte[] msg = signedBytes(groupId, ownerId, ownerKey, authorisedBy);
    return new OwnerAuth(ownerId, ownerKey, authorisedBy, authoriser.sign(msg));
  }

  static byte[] signedBytes(
      byte[] groupId, byte[] ownerId, Ed25519PublicKey ownerKey, int authorisedBy) {
    return Signing.start(Signing.OWNER_AUTH)
        .writeShortBytes(groupId)
        .writeShortBytes(ownerId)
        .writeShortBytes(ownerKey.bytes())
        .writeByte(authorisedBy)
        .toByteArray();
  }

  boolean verify(byte[] groupId, Ed25519PublicKey authoriser) {
    return authoriser.verify(signedBytes(groupId, ownerId, ownerKey, authorisedBy), signature);
  }

  @Override
  public byte[] ownerId() {
    return ownerId.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  void encode(BinaryWriter w) {
    w.writeShortBytes(ownerId)
        .writeShortBytes(ownerKey.bytes())
        .writeByte(authorisedBy)
        .writeShortBytes(signature);
  }

  static OwnerAuth read(BinaryReader r) {
    byte[] id = r.readShortBytes(MAX_ID_LENGTH);
    Ed25519PublicKey key = Keys.readEd25519(r, "owner key");
    int by = r.readByte();
    return new OwnerAuth(id, key, by, Keys.readSignature(r));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OwnerAuth a
        && Arrays.equals(ownerId, a.ownerId)
        && ownerKey.equals(a.ownerKey)
        && authorisedBy == a.authorisedBy
        && Arrays.equals(signature, a.signature);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ownerId) + ownerKey.hashCode();
  }

  @Override
  public String toString() {
    return "OwnerAuth[key=" + ownerKey + ", authorisedBy=" + authorisedBy + "]";
  }
}
