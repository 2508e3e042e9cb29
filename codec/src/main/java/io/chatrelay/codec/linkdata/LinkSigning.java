package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.EncodeException;

/**
 * Signing of short-link data before it is encrypted (simplexmq {@code encodeSign}, {@code
 * encodeSignFixedData}, {@code encodeSignUserData}).
 *
 * <p>A signed blob is {@code signature (ByteString of 64) data (the rest)}: the Ed25519 signature
 * of {@code data} by the signer, then {@code data} itself. Fixed data is signed by its root key;
 * user data by the root key or, for a contact address, by one of its owners. The link key is {@link
 * FixedLinkData#linkKey()} of the same fixed data.
 */
public final class LinkSigning {
  private LinkSigning() {}

  /** {@code ByteString(sign(data)) || data}. */
  public static byte[] encodeSign(Ed25519KeyPair signer, byte[] data) {
    return new BinaryWriter(1 + Ed25519Der.SIGNATURE_LENGTH + data.length)
        .writeShortBytes(signer.sign(data))
        .writeRaw(data)
        .toByteArray();
  }

  /**
   * Encodes and signs fixed data with its root key.
   *
   * @throws IllegalArgumentException if {@code root} is not the key pair of {@code fixed.rootKey()}
   * @throws EncodeException if the data cannot be encoded
   */
  public static byte[] signFixedData(Ed25519KeyPair root, FixedLinkData fixed) {
    if (!root.publicKey().equals(fixed.rootKey())) {
      throw new IllegalArgumentException("fixed link data must be signed by its root key");
    }
    return encodeSign(root, fixed.encode());
  }

  /**
   * Encodes and signs user data with the root key or an owner's key.
   *
   * @throws EncodeException if the data cannot be encoded
   */
  public static byte[] signUserData(Ed25519KeyPair signer, ConnLinkData data) {
    return encodeSign(signer, data.encode());
  }
}
