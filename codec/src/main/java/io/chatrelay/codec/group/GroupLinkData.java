package io.chatrelay.codec.group;

import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.DecodeException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A group's link data that passed verification: fixed data matching the link key, and mutable data
 * whose owner chain and signature check out.
 *
 * <p>Only {@link #verify} creates instances, so holding one means the checks were made:
 *
 * <ol>
 *   <li>{@code SHA3-256(fixed) == linkKey} (else {@link LinkDataException.Failure#HASH_MISMATCH});
 *   <li>each owner entry is signed by the root or an earlier owner, no owner key equals the root,
 *       no key or id repeats (else {@code INVALID_OWNER_CHAIN} / {@code BAD_SIGNATURE});
 *   <li>the signer is the root or an owner of the chain (else {@code UNAUTHORISED_SIGNER}) and the
 *       signature verifies (else {@code BAD_SIGNATURE}).
 * </ol>
 *
 * Version monotonicity needs what the caller saw before: {@link #requireNotOlderThan}.
 */
public final class GroupLinkData {
  private final FixedLinkData fixed;
  private final byte[] linkKey;
  private final byte[] groupId;
  private final SignedLinkData signed;
  private final MutableLinkData data;
  private final Set<Ed25519PublicKey> ownerKeys;

  private GroupLinkData(
      FixedLinkData fixed,
      byte[] linkKey,
      SignedLinkData signed,
      MutableLinkData data,
      Set<Ed25519PublicKey> ownerKeys) {
    this.fixed = fixed;
    this.linkKey = linkKey;
    this.groupId = fixed.groupId();
    this.signed = signed;
    this.data = data;
    this.ownerKeys = ownerKeys;
  }

  /**
   * Verifies encoded fixed and signed link data against the link key from a group link.
   *
   * @throws LinkDataException with the failure kind; {@code MALFORMED} wraps decode errors
   */
  public static GroupLinkData verify(byte[] linkKey, byte[] fixedBytes, byte[] signedBytes) {
    FixedLinkData fixed;
    SignedLinkData signed;
    try {
      fixed = FixedLinkData.decode(fixedBytes);
      signed = SignedLinkData.decode(signedBytes);
    } catch (DecodeException e) {
      throw new LinkDataException(LinkDataException.Failure.MALFORMED, e.getMessage(), e);
    }
    return verify(linkKey, fixed, fixedBytes, signed);
  }

  /**
   * Verifies already decoded values; {@code fixedBytes} must be the bytes {@code fixed} came from.
   */
  static GroupLinkData verify(
      byte[] linkKey, FixedLinkData fixed, byte[] fixedBytes, SignedLinkData signed) {
    byte[] actualKey = io.chatrelay.codec.crypto.Hashes.sha3_256(fixedBytes);
    if (!MessageDigest.isEqual(actualKey, linkKey)) {
      throw new LinkDataException(
          LinkDataException.Failure.HASH_MISMATCH, "fixed link data does not match the link key");
    }
    MutableLinkData data;
    try {
      data = MutableLinkData.decode(signed.dataUnsafe());
    } catch (DecodeException e) {
      throw new LinkDataException(LinkDataException.Failure.MALFORMED, e.getMessage(), e);
    }
    byte[] groupId = fixed.groupId();
    Set<Ed25519PublicKey> keys = verifyOwnerChain(groupId, fixed.rootKey(), data.owners());
    if (!keys.contains(signed.signer())) {
      throw new LinkDataException(
          LinkDataException.Failure.UNAUTHORISED_SIGNER,
          "link data signed by a key that is neither the root nor an owner");
    }
    if (!signed
        .signer()
        .verify(
            SignedLinkData.signedBytes(linkKey, signed.dataUnsafe()), signed.signatureUnsafe())) {
      throw new LinkDataException(
          LinkDataException.Failure.BAD_SIGNATURE, "link data signature does not verify");
    }
    checkRelays(data.relays());
    return new GroupLinkData(fixed, linkKey.clone(), signed, data, keys);
  }

  /**
   * Checks the owner chain and returns the keys allowed to sign for the group: the root and every
   * owner.
   */
  static Set<Ed25519PublicKey> verifyOwnerChain(
      byte[] groupId, Ed25519PublicKey root, List<OwnerAuth> owners) {
    Set<Ed25519PublicKey> keys = new HashSet<>();
    keys.add(root);
    Set<String> ids = new HashSet<>();
    List<Ed25519PublicKey> chain = new ArrayList<>(owners.size());
    for (int i = 0; i < owners.size(); i++) {
      OwnerAuth o = owners.get(i);
      if (o.ownerKey().equals(root)) {
        throw chainError("owner " + (i + 1) + " is the root key");
      }
      if (!keys.add(o.ownerKey())) {
        throw chainError("owner " + (i + 1) + " repeats an earlier key");
      }
      if (!ids.add(java.util.HexFormat.of().formatHex(o.ownerId()))) {
        throw chainError("owner " + (i + 1) + " repeats an earlier owner id");
      }
      if (o.authorisedBy() > i) {
        throw chainError("owner " + (i + 1) + " is authorised by a later or unknown owner");
      }
      Ed25519PublicKey authoriser = o.authorisedBy() == 0 ? root : chain.get(o.authorisedBy() - 1);
      if (!o.verify(groupId, authoriser)) {
        throw new LinkDataException(
            LinkDataException.Failure.BAD_SIGNATURE,
            "owner " + (i + 1) + " authorisation does not verify");
      }
      chain.add(o.ownerKey());
    }
    return Set.copyOf(keys);
  }

  private static void checkRelays(List<RelayEntry> relays) {
    Set<String> seen = new HashSet<>();
    for (RelayEntry e : relays) {
      String k =
          java.util.HexFormat.of().formatHex(e.keyHash())
              + "/"
              + java.util.HexFormat.of().formatHex(e.addressId());
      if (!seen.add(k)) {
        throw new LinkDataException(
            LinkDataException.Failure.MALFORMED, "relay list repeats a relay address");
      }
    }
  }

  private static LinkDataException chainError(String message) {
    return new LinkDataException(LinkDataException.Failure.INVALID_OWNER_CHAIN, message);
  }

  /**
   * @throws LinkDataException {@code ROLLBACK} if this data's version is below {@code version}
   */
  public GroupLinkData requireNotOlderThan(long version) {
    if (data.version() < version) {
      throw new LinkDataException(
          LinkDataException.Failure.ROLLBACK,
          "link data version " + data.version() + " is older than " + version + " already seen");
    }
    return this;
  }

  public FixedLinkData fixed() {
    return fixed;
  }

  public byte[] linkKey() {
    return linkKey.clone();
  }

  public byte[] groupId() {
    return groupId.clone();
  }

  public SignedLinkData signed() {
    return signed;
  }

  public MutableLinkData data() {
    return data;
  }

  public long version() {
    return data.version();
  }

  /** The root key and every owner key of the verified chain. */
  public Set<Ed25519PublicKey> ownerKeys() {
    return ownerKeys;
  }

  public boolean isOwner(Ed25519PublicKey key) {
    return ownerKeys.contains(key);
  }

  @Override
  public String toString() {
    return "GroupLinkData[" + fixed.type() + ", v" + data.version() + "]";
  }
}
