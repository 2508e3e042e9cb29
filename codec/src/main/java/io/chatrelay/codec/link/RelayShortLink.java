package io.chatrelay.codec.link;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat relay link, {@code …/r#[<addressId>/]<linkKey>}.
 *
 * <p>Without an address id it is the relay's server address, which owners use to add the relay to a
 * group. With one (our extension) it is the dedicated per-group relay address that this relay
 * created for one group, at the same server.
 *
 * <p>Invariants: 32-byte link key, 24-byte address id when present, both copied; {@link
 * #toString()} prints neither.
 *
 * @param scheme https or simplex
 * @param server the relay's SMP server
 * @param addressId the per-group address id, absent for the relay's server address
 * @param linkKey the link key
 */
public record RelayShortLink(
    ShortLinkScheme scheme, SmpServer server, Optional<byte[]> addressId, byte[] linkKey)
    implements ShortLink {
  public RelayShortLink {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(addressId, "addressId");
    addressId = addressId.map(id -> ShortLink.checkId(id, "relay address id"));
    linkKey = ShortLink.checkKey(Objects.requireNonNull(linkKey, "linkKey"));
  }

  @Override
  public LinkType type() {
    return LinkType.RELAY;
  }

  /** A copy of the address id, if any. */
  @Override
  public Optional<byte[]> addressId() {
    return addressId.map(byte[]::clone);
  }

  /** True for a relay's server address, false for a per-group relay address. */
  public boolean isServerAddress() {
    return addressId.isEmpty();
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
        && l.addressId.isPresent() == addressId.isPresent()
        && (addressId.isEmpty() || Arrays.equals(l.addressId.get(), addressId.get()))
        && Arrays.equals(l.linkKey, linkKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        scheme, server, addressId.map(Arrays::hashCode).orElse(0), Arrays.hashCode(linkKey));
  }

  @Override
  public String toString() {
    return "RelayShortLink["
        + (isServerAddress() ? "server address" : "per-group address")
        + ", "
        + scheme.wireName()
        + ", "
        + server
        + "]";
  }
}
