package io.chatrelay.codec.group;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;

/**
 * An owner's statement that a member key belongs to an admitted member of the group.
 *
 * <p>It stops a relay from swapping a member's key: members check their own certificate, and posts
 * from keys without one are shown as unverified. Layout: {@code memberKey(ByteString, 32)
 * issuedAt(Int64, ms) owner(ByteString, 32) signature(ByteString, 64)}, signed over {@code
 * ctx(member-certificate/1) groupId memberKey issuedAt owner}.
 */
public record MemberCertificate(
    Ed25519PublicKey memberKey, long issuedAt, Ed25519PublicKey owner, byte[] signature) {

  public MemberCertificate {
    if (memberKey == null || owner == null) {
      throw DecodeException.invalid("certificate keys are required");
    }
    if (signature == null || signature.length != 64) {
      throw DecodeException.invalid("certificate signature must be 64 bytes");
    }
    signature = signature.clone();
  }

  public static MemberCertificate issue(
      byte[] groupId, Ed25519PublicKey memberKey, long issuedAt, Ed25519KeyPair owner) {
    return new MemberCertificate(
        memberKey,
        issuedAt,
        owner.publicKey(),
        owner.sign(signedBytes(groupId, memberKey, issuedAt, owner.publicKey())));
  }

  static byte[] signedBytes(
      byte[] groupId, Ed25519PublicKey memberKey, long issuedAt, Ed25519PublicKey owner) {
    return Signing.start(Signing.MEMBER_CERTIFICATE)
        .writeShortBytes(groupId)
        .writeShortBytes(memberKey.bytes())
        .writeInt64(issuedAt)
        .writeShortBytes(owner.bytes())
        .toByteArray();
  }

  /** True if an owner of {@code group} issued this certificate for this group. */
  public boolean validFor(GroupLinkData group) {
    return group.isOwner(owner)
        && owner.verify(signedBytes(group.groupId(), memberKey, issuedAt, owner), signature);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public void encode(BinaryWriter w) {
    w.writeShortBytes(memberKey.bytes())
        .writeInt64(issuedAt)
        .writeShortBytes(owner.bytes())
        .writeShortBytes(signature);
  }

  public static MemberCertificate read(BinaryReader r) {
    Ed25519PublicKey member = Keys.readEd25519(r, "member key");
    long issuedAt = r.readInt64();
    Ed25519PublicKey owner = Keys.readEd25519(r, "owner key");
    return new MemberCertificate(member, issuedAt, owner, Keys.readSignature(r));
  }

  public byte[] encode() {
    BinaryWriter w = new BinaryWriter(180);
    encode(w);
    return w.toByteArray();
  }

  public static MemberCertificate decode(byte[] bytes) {
    return BinaryReader.decodeAll(bytes, MemberCertificate::read);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemberCertificate c
        && memberKey.equals(c.memberKey)
        && issuedAt == c.issuedAt
        && owner.equals(c.owner)
        && Arrays.equals(signature, c.signature);
  }

  @Override
  public int hashCode() {
    return memberKey.hashCode();
  }

  @Override
  public String toString() {
    return "MemberCertificate[member=" + memberKey + ", owner=" + owner + "]";
  }
}
