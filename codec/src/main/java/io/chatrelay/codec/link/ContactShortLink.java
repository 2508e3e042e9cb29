package io.chatrelay.codec.link;

import java.util.Arrays;
import java.util.Objects;

/**
 * A contact address short link, {@code …/a#<linkKey>} (simplexmq {@code CSLContact CCTContact}).
 *
 * <p>Invariant: 32-byte link key, copied; {@link #toString()} does not print it.
 *
 * @param scheme https or simplex
 * @param server where the link data is stored
 * @param linkKey the key that identifies, decrypts and authenticates the link data
 */
public record ContactShortLink(ShortLinkScheme scheme, SmpServer server, byte[] linkKey)
    implements ShortLink {
  public ContactShortLink {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(server, "server");
    linkKey = ShortLink.checkKey(Objects.requireNonNull(linkKey, "linkKey"));
  }

  @Override
  public LinkType type() {
    return LinkType.CONTACT;
  }

  @Override
  public byte[] linkKey() {
    return linkKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContactShortLink l
        && l.scheme == scheme
        && l.server.equals(server)
        && Arrays.equals(l.linkKey, linkKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, server, Arrays.hashCode(linkKey));
  }

  @Override
  public String toString() {
    return "ContactShortLink[" + scheme.wireName() + ", " + server + "]";
  }
}
