package io.chatrelay.codec.link;

import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A channel ({@code …/c#<linkKey>}) or group ({@code …/g#<linkKey>}) short link.
 *
 * <p>The link's own server is the first relay that serves the group's link data. Our extension:
 * {@code extraRelays} names further relays that serve the same data, printed in the query parameter
 * {@code r} after SimpleX's parameters as {@code keyhash@host[,host…][:port]} entries separated by
 * {@code ;}. A SimpleX client ignores {@code r} and reads the first relay.
 *
 * <p>Invariants: type is CHANNEL or GROUP; 32-byte link key (copied); at most {@value
 * ShortLink#MAX_RELAYS} extra relays, each with a non-empty key hash. {@link #toString()} prints no
 * key.
 *
 * @param scheme https or simplex
 * @param type {@link LinkType#CHANNEL} or {@link LinkType#GROUP}
 * @param server the first relay
 * @param linkKey SHA3-256 of the fixed link data
 * @param extraRelays further relays serving the link data, possibly none
 */
public record GroupShortLink(
    ShortLinkScheme scheme,
    LinkType type,
    SmpServer server,
    byte[] linkKey,
    List<SmpServer> extraRelays)
    implements ShortLink {
  /**
   * @throws DecodeException INVALID_VALUE for a wrong type, key or relay, OVER_LIMIT for too many
   *     relays
   */
  public GroupShortLink {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(server, "server");
    if (type != LinkType.CHANNEL && type != LinkType.GROUP) {
      throw DecodeException.invalid("a group short link is a channel or a group, not " + type);
    }
    linkKey = ShortLink.checkKey(Objects.requireNonNull(linkKey, "linkKey"));
    extraRelays = List.copyOf(extraRelays);
    if (extraRelays.size() > ShortLink.MAX_RELAYS) {
      throw DecodeException.overLimit(
          extraRelays.size() + " additional relays, at most " + ShortLink.MAX_RELAYS);
    }
    for (SmpServer r : extraRelays) {
      if (r.keyHash().length == 0) {
        throw DecodeException.missing("additional relay " + r + " has no key hash");
      }
    }
  }

  @Override
  public byte[] linkKey() {
    return linkKey.clone();
  }

  /** The link's own server followed by the additional relays. */
  public List<SmpServer> allRelays() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(server), extraRelays.stream())
        .toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupShortLink l
        && l.scheme == scheme
        && l.type == type
        && l.server.equals(server)
        && Arrays.equals(l.linkKey, linkKey)
        && l.extraRelays.equals(extraRelays);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, type, server, Arrays.hashCode(linkKey), extraRelays);
  }

  @Override
  public String toString() {
    return "GroupShortLink["
        + type.wireName()
        + ", "
        + scheme.wireName()
        + ", "
        + server
        + ", extraRelays="
        + extraRelays
        + "]";
  }
}
