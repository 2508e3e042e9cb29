package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.EncodeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An additional owner of a contact address (simplexmq {@code OwnerAuth}): an owner id, the owner's
 * key, and a signature authorising that key by the root key or by an earlier owner.
 *
 * <p>The signature is by the authorising key over {@code ownerId || DER(ownerKey)} (raw bytes, no
 * length prefixes; DER as {@link Ed25519Der}).
 *
 * <p>Binary form: a {@code ByteString} wrapping {@code ownerId (ByteString) ownerKey (ByteString of
 * the 44-byte DER) signature (ByteString of 64) extension (the rest)}. simplexmq wraps it so that
 * the structure can grow, and ignores the extension when it reads; we keep it and write it back, so
 * that a value read re-encodes to the same bytes. The whole inner part must fit 255 bytes: {@code
 * ownerId} and {@code extension} together at most {@value #MAX_ID_AND_EXTENSION} bytes.
 *
 * <p>{@link #toString()} prints neither key nor signature.
 *
 * @param ownerId application-specific id, unique in the owner list (SimpleX Chat: a member id)
 * @param ownerKey the owner's signing key
 * @param signature Ed25519 signature authorising the owner, 64 bytes
 * @param extension bytes after the signature inside the wrapper, usually empty
 */
public record OwnerAuth(
    byte[] ownerId, Ed25519PublicKey ownerKey, byte[] signature, byte[] extension) {

  /**
   * Most bytes the owner id and the extension may take together: the wrapper's 255 less the id's
   * length byte, the key's 1 + 44 and the signature's 1 + 64, so 144.
   */
  public static final int MAX_ID_AND_EXTENSION =
      255 - 1 - (1 + Ed25519Der.LENGTH) - (1 + Ed25519Der.SIGNATURE_LENGTH);

  /**
   * @throws IllegalArgumentException if the signature is not 64 bytes
   */
  public OwnerAuth {
    ownerId = Objects.requireNonNull(ownerId, "ownerId").clone();
    Objects.requireNonNull(ownerKey, "ownerKey");
    signature = Objects.requireNonNull(signature, "signature").clone();
    extension = Objects.requireNonNull(extension, "extension").clone();
    if (signature.length != Ed25519Der.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException(
          "owner signature must be " + Ed25519Der.SIGNATURE_LENGTH + " bytes");
    }
  }

  /** An owner authorisation without extension. */
  public OwnerAuth(byte[] ownerId, Ed25519PublicKey ownerKey, byte[] signature) {
    this(ownerId, ownerKey, signature, new byte[0]);
  }

  /**
   * Authorises {@code ownerKey} with {@code signer}, the root key or an earlier owner's key
   * (simplexmq {@code newOwnerAuth}, with the owner key made by the caller).
   */
  public static OwnerAuth create(byte[] ownerId, Ed25519PublicKey ownerKey, Ed25519KeyPair signer) {
    return new OwnerAuth(ownerId, ownerKey, signer.sign(signedBytes(ownerId, ownerKey)));
  }

  /** What the authorising key signs: {@code ownerId || DER(ownerKey)}. */
  public static byte[] signedBytes(byte[] ownerId, Ed25519PublicKey ownerKey) {
    byte[] der = Ed25519Der.encode(ownerKey);
    byte[] out = Arrays.copyOf(ownerId, ownerId.length + der.length);
    System.arraycopy(der, 0, out, ownerId.length, der.length);
    return out;
  }

  /** True if {@code key} signed this authorisation. */
  public boolean isAuthorisedBy(Ed25519PublicKey key) {
    return key.verify(signedBytes(ownerId, ownerKey), signature);
  }

  @Override
  public byte[] ownerId() {
    return ownerId.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public byte[] extension() {
    return extension.clone();
  }

  /**
   * Writes the binary form.
   *
   * @throws EncodeException if the wrapped part exceeds 255 bytes
   */
  public void encode(BinaryWriter w) {
    if (ownerId.length + extension.length > MAX_ID_AND_EXTENSION) {
      throw new EncodeException(
          "owner id and extension of "
              + (ownerId.length + extension.length)
              + " bytes exceed "
              + MAX_ID_AND_EXTENSION
              + " (the owner authorisation is a 255-byte string)");
    }
    BinaryWriter inner = new BinaryWriter(255);
    inner.writeShortBytes(ownerId);
    Ed25519Der.write(inner, ownerKey);
    inner.writeShortBytes(signature);
    inner.writeRaw(extension);
    w.writeShortBytes(inner.toByteArray());
  }

  /**
   * Reads the binary form.
   *
   * @throws DecodeException TRUNCATED (also inside the wrapper), BAD_KEY for a bad owner key,
   *     INVALID_VALUE for a signature that is not 64 bytes
   */
  public static OwnerAuth decode(BinaryReader r) {
    BinaryReader inner = new BinaryReader(r.readShortBytes());
    byte[] id = inner.readShortBytes();
    Ed25519PublicKey key = Ed25519Der.read(inner, "owner key");
    byte[] sig = Ed25519Der.readSignature(inner, "owner signature");
    return new OwnerAuth(id, key, sig, inner.readTail());
  }

  /**
   * Checks a contact address's owner list against its root key, as simplexmq's {@code
   * validateLinkOwners}: in list order, each owner's key must differ from the root key; its id and
   * its key must differ from every earlier owner's; and it must be authorised by the root key or by
   * an earlier owner's key. The first owner that fails stops the check.
   *
   * @throws LinkDataException OWNER_IS_ROOT, DUPLICATE_OWNER or UNAUTHORISED_OWNER, with
   *     simplexmq's message (the owner id in unpadded base64url)
   */
  public static void validateLinkOwners(Ed25519PublicKey rootKey, List<OwnerAuth> owners) {
    List<OwnerAuth> earlier = new ArrayList<>(owners.size());
    for (OwnerAuth o : owners) {
      String id = Base64Url.encodeUnpadded(o.ownerId);
      if (o.ownerKey.equals(rootKey)) {
        throw new LinkDataException(
            LinkDataException.Failure.OWNER_IS_ROOT,
            "owner key for ID " + id + " matches root key");
      }
      for (OwnerAuth p : earlier) {
        if (Arrays.equals(p.ownerId, o.ownerId) || p.ownerKey.equals(o.ownerKey)) {
          throw new LinkDataException(
              LinkDataException.Failure.DUPLICATE_OWNER, "duplicate owner key or ID " + id);
        }
      }
      boolean authorised = o.isAuthorisedBy(rootKey);
      for (int i = 0; !authorised && i < earlier.size(); i++) {
        authorised = o.isAuthorisedBy(earlier.get(i).ownerKey);
      }
      if (!authorised) {
        throw new LinkDataException(
            LinkDataException.Failure.UNAUTHORISED_OWNER,
            "invalid authorization of owner ID " + id);
      }
      earlier.add(o);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OwnerAuth a
        && Arrays.equals(ownerId, a.ownerId)
        && ownerKey.equals(a.ownerKey)
        && Arrays.equals(signature, a.signature)
        && Arrays.equals(extension, a.extension);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ownerId) + ownerKey.hashCode();
  }

  @Override
  public String toString() {
    return "OwnerAuth[id="
        + ownerId.length
        + " bytes"
        + (extension.length == 0 ? "" : ", extension=" + extension.length + " bytes")
        + "]";
  }
}
