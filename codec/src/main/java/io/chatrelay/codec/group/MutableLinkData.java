package io.chatrelay.codec.group;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;
import java.util.List;

/**
 * The changeable part of a group's link data, signed by the root key or an authorised owner.
 *
 * <p>Layout: {@code version(Int64, >= 1) owners(list of OwnerAuth, <= 16) profile(Large, JSON, <=
 * 16 KiB) relays(list of RelayEntry, <= 16)}. The relay list (the "delegate" section) is outside
 * the profile: the profile is what members see; the relay list is where they connect.
 *
 * @param version strictly increases with every change, so a relay cannot roll the data back
 * @param owners the owner chain, each entry authorised by the root or an earlier entry
 * @param profile the group profile, a UTF-8 JSON object (see {@link GroupProfile})
 * @param relays the group's current relays, each with its per-group address
 */
public record MutableLinkData(
    long version, List<OwnerAuth> owners, byte[] profile, List<RelayEntry> relays) {
  public static final int MAX_OWNERS = 16;
  public static final int MAX_RELAYS = 16;
  public static final int MAX_PROFILE = 16 * 1024;

  public MutableLinkData {
    if (version < 1) {
      throw DecodeException.invalid("link data version must be >= 1, got " + version);
    }
    if (owners.size() > MAX_OWNERS) {
      throw DecodeException.overLimit("more than " + MAX_OWNERS + " owners");
    }
    if (relays.size() > MAX_RELAYS) {
      throw DecodeException.overLimit("more than " + MAX_RELAYS + " relays");
    }
    if (profile.length > MAX_PROFILE) {
      throw DecodeException.overLimit("profile of " + profile.length + " bytes exceeds 16 KiB");
    }
    owners = List.copyOf(owners);
    relays = List.copyOf(relays);
    profile = profile.clone();
  }

  @Override
  public byte[] profile() {
    return profile.clone();
  }

  /** A copy with the next version and the given relays. */
  public MutableLinkData withRelays(List<RelayEntry> newRelays) {
    return new MutableLinkData(version + 1, owners, profile, newRelays);
  }

  /** A copy with the next version and the given profile. */
  public MutableLinkData withProfile(byte[] newProfile) {
    return new MutableLinkData(version + 1, owners, newProfile, relays);
  }

  /** A copy with the next version and the given owner chain. */
  public MutableLinkData withOwners(List<OwnerAuth> newOwners) {
    return new MutableLinkData(version + 1, newOwners, profile, relays);
  }

  public byte[] encode() {
    BinaryWriter w = new BinaryWriter(256 + profile.length);
    w.writeInt64(version);
    w.writeList(owners, OwnerAuth::encode);
    w.writeLarge(profile);
    w.writeList(relays, RelayEntry::encode);
    return w.toByteArray();
  }

  /**
   * @throws DecodeException if malformed or over a limit
   */
  public static MutableLinkData decode(byte[] bytes) {
    return BinaryReader.decodeAll(
        bytes,
        r ->
            new MutableLinkData(
                r.readInt64(),
                r.readList(OwnerAuth::read, MAX_OWNERS),
                r.readLarge(MAX_PROFILE),
                r.readList(RelayEntry::read, MAX_RELAYS)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MutableLinkData m
        && version == m.version
        && owners.equals(m.owners)
        && Arrays.equals(profile, m.profile)
        && relays.equals(m.relays);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + relays.hashCode();
  }

  @Override
  public String toString() {
    return "MutableLinkData[v" + version + ", owners=" + owners.size() + ", relays=" + relays + "]";
  }
}
