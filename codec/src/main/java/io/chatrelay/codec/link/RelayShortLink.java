package io.chatrelay.codec.link;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat relay link, {@code …/r#<linkKey>}: SimpleX's contact short link of type relay ({@code
 * CSLContact _ CCTRelay}), one key in the fragment.
 *
 * <p>The same form names the relay itself (its address for owners to add it; the key slot holds the
 * relay's identity key) and each group's address at the relay (the key is the link key of the
 * relay's per-group link data, whose fixed part names the group; the address id is derived from it,
 * see ADR 0008). Which one a link is, the relay knows; to an owner both name the same relay server.
 *
 * <p><b>Legacy form</b>, read for one version only: {@code …/r#<addressId>/<relayKey>}, our earlier
 * per-group address, which a SimpleX parser refuses (a contact short link carries one key). A link
 * read in that form keeps its {@link #legacyAddressId} and prints in that form again; nothing new
 * is written in it.
 *
 * <p>Invariants: 32-byte link key, 24-byte legacy address id when present, both copied; {@link
 * #toString()} prints neither.
 *
 * @param scheme https or simplex
 * @param server the relay's SMP server
 * @param legacyAddressId the address id of a link read in the legacy per-group form
 * @param linkKey the link key
 */
public record RelayShortLink(
    ShortLinkScheme scheme, SmpServer server, Optional<byte[]> legacyAddressId, byte[] linkKey)
    implements ShortLink {
  public RelayShortLink {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(legacyAddressId, "legacyAddressId");
    legacyAddressId = legacyAddressId.map(id -> ShortLink.checkId(id, "relay address id"));
    linkKey = ShortLink.checkKey(Objects.requireNonNull(linkKey, "linkKey"));
  }

  /** A relay link in SimpleX's form. */
  public static RelayShortLink of(ShortLinkScheme scheme, SmpServer server, byte[] linkKey) {
    return new RelayShortLink(scheme, server, Optional.empty(), linkKey);
  }

  @Override
  public LinkType type() {
    return LinkType.RELAY;
  }

  /** A copy of the address id of a link read in the legacy per-group form, if it was. */
  @Override
  public Optional<byte[]> legacyAddressId() {
    return legacyAddressId.map(byte[]::clone);
  }

  /** True for a link in the legacy per-group form {@code /r#<addressId>/<relayKey>}. */
  public boolean isLegacy() {
    return legacyAddressId.isPresent();
  }

  @Override
  public byte[] linkKey() {
    return linkKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelayShortLink l
        && l.scheme == scheme
        && l.server.equals(server)
        && l.legacyAddressId.isPresent() == legacyAddressId.isPresent()
        && (legacyAddressId.isEmpty()
            || Arrays.equals(l.legacyAddressId.get(), legacyAddressId.get()))
        && Arrays.equals(l.linkKey, linkKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        scheme, server, legacyAddressId.map(Arrays::hashCode).orElse(0), Arrays.hashCode(linkKey));
  }

  @Override
  public String toString() {
    return "RelayShortLink["
        + (isLegacy() ? "legacy per-group address" : "relay")
        + ", "
        + scheme.wireName()
        + ", "
        + server
        + "]";
  }
}
