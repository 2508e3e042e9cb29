package io.chatrelay.codec.group;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;

/**
 * Encoded {@link MutableLinkData} with the signature that authorises it.
 *
 * <p>Layout: {@code data(Large: encoded MutableLinkData) signer(ByteString, 32)
 * signature(ByteString, 64)}; the signature is over {@code ctx(link-data/1) linkKey(ByteString)
 * data(Large)}. The data is kept as the exact bytes that were signed. Nothing here is trusted until
 * {@link GroupLinkData#verify} accepts it.
 */
public record SignedLinkData(byte[] data, Ed25519PublicKey signer, byte[] signature) {
  public static final int MAX_DATA = 32 * 1024;

  public SignedLinkData {
    if (data.length > MAX_DATA) {
      throw DecodeException.overLimit("link data of " + data.length + " bytes exceeds 32 KiB");
    }
    if (signature.length != 64) {
      throw DecodeException.invalid("link data signature must be 64 bytes");
    }
    data = data.clone();
    signature = signature.clone();
  }

  /** Encodes and signs {@code mutable} for the group of {@code fixed}. */
  public static SignedLinkData sign(
      FixedLinkData fixed, MutableLinkData mutable, Ed25519KeyPair signer) {
    byte[] data = mutable.encode();
    return new SignedLinkData(
        data, signer.publicKey(), signer.sign(signedBytes(fixed.linkKey(), data)));
  }

  static byte[] signedBytes(byte[] linkKey, byte[] data) {
    return Signing.start(Signing.LINK_DATA).writeShortBytes(linkKey).writeLarge(data).toByteArray();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  byte[] dataUnsafe() {
    return data;
  }

  byte[] signatureUnsafe() {
    return signature;
  }

  public byte[] encode() {
    return new BinaryWriter(data.length + 104)
        .writeLarge(data)
        .writeShortBytes(signer.bytes())
        .writeShortBytes(signature)
        .toByteArray();
  }

  /**
   * @throws DecodeException if malformed
   */
  public static SignedLinkData decode(byte[] bytes) {
    return BinaryReader.decodeAll(
        bytes,
        r ->
            new SignedLinkData(
                r.readLarge(MAX_DATA), Keys.readEd25519(r, "signer key"), Keys.readSignature(r)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedLinkData s
        && Arrays.equals(data, s.data)
        && signer.equals(s.signer)
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "SignedLinkData[" + data.length + " bytes, signer=" + signer + "]";
  }
}
