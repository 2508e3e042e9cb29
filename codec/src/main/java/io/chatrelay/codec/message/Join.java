package io.chatrelay.codec.message;

import io.chatrelay.codec.crypto.CryptoException;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.crypto.SignatureCheck;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.Signing;
import java.util.Optional;

/**
 * {@code JOIN}: a member asks to join the group at this address. {@code addressId(ByteString, 24)
 * memberKey(ByteString, 32) profile(Maybe Large, JSON, <= 4 KiB) proof(ByteString, 64)}.
 *
 * <p>The member key is fresh for this group. The proof, by the member key over {@code
 * ctx(join-proof/1) addressId memberKey profile}, shows the sender holds it, so nobody can enrol
 * someone else's key. Joining again with the same key is idempotent.
 *
 * <p>The member key is kept as its 32 bytes and decoded as a curve point only by {@link
 * #proofValid}: a relay refuses a join to a busy group before checking it, and decoding a point (a
 * field square root, a tenth of a signature check) was the largest cost of such a refusal. A key
 * that is not a valid point, or is of small order, has no valid proof.
 */
public record Join(Bytes addressId, Bytes memberKey, Optional<Bytes> profile, Bytes proof)
    implements ClientMessage {
  public static final String TAG = "JOIN";
  public static final int MAX_PROFILE = 4096;

  public Join {
    Fields.address(addressId);
    Fields.exactly(memberKey, Ed25519PublicKey.LENGTH, "member key");
    Fields.required(profile, "profile");
    Fields.exactly(proof, Fields.SIGNATURE, "proof");
    profile.ifPresent(
        p -> {
          if (p.length() > MAX_PROFILE) {
            throw io.chatrelay.codec.encoding.DecodeException.overLimit("profile exceeds 4 KiB");
          }
        });
  }

  public static Join sign(Bytes addressId, Ed25519KeyPair member, Optional<Bytes> profile) {
    Bytes key = Bytes.of(member.publicKey().bytes());
    byte[] msg = proofBytes(addressId, key, profile);
    return new Join(addressId, key, profile, Bytes.of(member.sign(msg)));
  }

  /**
   * True if the member key is a valid Ed25519 public key (not of small order) and the proof is its
   * signature of this join.
   */
  public boolean proofValid() {
    SignatureCheck check = proofCheck();
    return check != null && check.verifyAlone();
  }

  /**
   * The proof as a check to make (alone or in a batch), or {@code null} if the member key is not a
   * valid Ed25519 public key, in which case no proof is valid.
   */
  public SignatureCheck proofCheck() {
    Ed25519PublicKey key;
    try {
      key = Ed25519PublicKey.of(memberKey.toByteArray());
    } catch (CryptoException e) {
      return null;
    }
    return new SignatureCheck(key, proofBytes(addressId, memberKey, profile), proof.toByteArray());
  }

  private static byte[] proofBytes(Bytes addressId, Bytes key, Optional<Bytes> profile) {
    BinaryWriter w = Signing.start(Signing.JOIN_PROOF);
    addressId.writeShort(w);
    key.writeShort(w);
    w.writeMaybe(profile, (p, out) -> out.writeLarge(p.toByteArray()));
    return w.toByteArray();
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    addressId.writeShort(w);
    memberKey.writeShort(w);
    w.writeMaybe(profile, (p, out) -> out.writeLarge(p.toByteArray()));
    proof.writeShort(w);
  }

  static Join read(BinaryReader r) {
    return new Join(
        Fields.readAddress(r),
        Fields.readExactly(r, Ed25519PublicKey.LENGTH, "member key"),
        r.readMaybe(in -> Bytes.of(in.readLarge(MAX_PROFILE))),
        Fields.readExactly(r, Fields.SIGNATURE, "proof"));
  }
}
