package io.chatrelay.codec.message;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.Signing;

/**
 * {@code INVITE}: an owner asks the relay to serve a group. {@code fixedData(Large, <= 1 KiB)
 * signedLinkData(Large, <= 33 KiB) proofKey(ByteString, 32) proof(ByteString, 64)}.
 *
 * <p>The proof shows the sender holds an owner key of this group now: it signs {@code
 * ctx(invitation-proof/1) relayKeyHash serverNonce linkKey proofKey}, bound to this relay and this
 * connection, so link data fetched from anywhere cannot be replayed as an invitation. Nothing here
 * identifies the owner beyond the group's own keys.
 */
public record Invite(Bytes fixedData, Bytes signedLinkData, Ed25519PublicKey proofKey, Bytes proof)
    implements ClientMessage {
  public static final String TAG = "INVITE";
  public static final int MAX_FIXED = 1024;
  public static final int MAX_SIGNED = 33 * 1024;

  public Invite {
    Fields.required(fixedData, "fixed data");
    Fields.required(signedLinkData, "signed link data");
    Fields.required(proofKey, "proof key");
    Fields.exactly(proof, Fields.SIGNATURE, "proof");
  }

  /** Signs the invitation proof with {@code owner} for the relay and session given. */
  public static Bytes prove(
      Ed25519KeyPair owner, byte[] relayKeyHash, byte[] serverNonce, byte[] linkKey) {
    return Bytes.of(owner.sign(proofBytes(relayKeyHash, serverNonce, linkKey, owner.publicKey())));
  }

  /** True if the proof verifies for this relay, session and link key. */
  public boolean proofValid(byte[] relayKeyHash, byte[] serverNonce, byte[] linkKey) {
    return proofKey.verify(
        proofBytes(relayKeyHash, serverNonce, linkKey, proofKey), proof.toByteArray());
  }

  private static byte[] proofBytes(
      byte[] relayKeyHash, byte[] serverNonce, byte[] linkKey, Ed25519PublicKey key) {
    return Signing.start(Signing.INVITATION_PROOF)
        .writeShortBytes(relayKeyHash)
        .writeShortBytes(serverNonce)
        .writeShortBytes(linkKey)
        .writeShortBytes(key.bytes())
        .toByteArray();
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    w.writeLarge(fixedData.toByteArray()).writeLarge(signedLinkData.toByteArray());
    Fields.writeKey(w, proofKey);
    proof.writeShort(w);
  }

  static Invite read(BinaryReader r) {
    return new Invite(
        Bytes.of(r.readLarge(MAX_FIXED)),
        Bytes.of(r.readLarge(MAX_SIGNED)),
        Fields.readKey(r, "proof key"),
        Fields.readExactly(r, Fields.SIGNATURE, "proof"));
  }
}
