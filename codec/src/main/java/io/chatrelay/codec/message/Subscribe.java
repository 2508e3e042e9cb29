package io.chatrelay.codec.message;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.crypto.SignatureCheck;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.group.Signing;

/**
 * {@code SUB}: an admitted member asks for posts from {@code fromSeq} on (stored ones first, then
 * live). {@code addressId(ByteString, 24) memberKey(ByteString, 32) fromSeq(Int64)
 * proof(ByteString, 64)}; the proof is by the member key over {@code ctx(subscribe-proof/1)
 * serverNonce addressId memberKey fromSeq}, fresh for this connection.
 */
public record Subscribe(Bytes addressId, Ed25519PublicKey memberKey, long fromSeq, Bytes proof)
    implements ClientMessage {
  public static final String TAG = "SUB";

  public Subscribe {
    Fields.address(addressId);
    Fields.required(memberKey, "member key");
    if (fromSeq < 0) {
      throw DecodeException.invalid("fromSeq must be >= 0");
    }
    Fields.exactly(proof, Fields.SIGNATURE, "proof");
  }

  public static Subscribe sign(
      Bytes addressId, Ed25519KeyPair member, long fromSeq, byte[] serverNonce) {
    byte[] msg = proofBytes(serverNonce, addressId, member.publicKey(), fromSeq);
    return new Subscribe(addressId, member.publicKey(), fromSeq, Bytes.of(member.sign(msg)));
  }

  public boolean proofValid(byte[] serverNonce) {
    return proofCheck(serverNonce).verifyAlone();
  }

  /** The proof over this connection's {@code serverNonce}, as a check to make. */
  public SignatureCheck proofCheck(byte[] serverNonce) {
    return new SignatureCheck(
        memberKey, proofBytes(serverNonce, addressId, memberKey, fromSeq), proof.toByteArray());
  }

  private static byte[] proofBytes(
      byte[] serverNonce, Bytes addressId, Ed25519PublicKey key, long fromSeq) {
    BinaryWriter w = Signing.start(Signing.SUBSCRIBE_PROOF).writeShortBytes(serverNonce);
    addressId.writeShort(w);
    return w.writeShortBytes(key.bytes()).writeInt64(fromSeq).toByteArray();
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    addressId.writeShort(w);
    Fields.writeKey(w, memberKey);
    w.writeInt64(fromSeq);
    proof.writeShort(w);
  }

  static Subscribe read(BinaryReader r) {
    return new Subscribe(
        Fields.readAddress(r),
        Fields.readKey(r, "member key"),
        r.readInt64(),
        Fields.readExactly(r, Fields.SIGNATURE, "proof"));
  }
}
