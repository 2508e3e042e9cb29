package io.chatrelay.codec.link;

import java.util.Arrays;
import java.util.Objects;

/**
 * A one-time invitation short link, {@code …/i#<linkId>/<linkKey>} (simplexmq {@code
 * CSLInvitation}).
 *
 * <p>Invariants: 24-byte link id, 32-byte link key, both copied; {@link #toString()} prints
 * neither.
 *
 * @param scheme https or simplex
 * @param server where the link data is stored
 * @param linkId the id of the link data on the server
 * @param linkKey the key that decrypts and authenticates the link data
 */
public record InvitationShortLink(
    ShortLinkScheme scheme, SmpServer server, byte[] linkId, byte[] linkKey) implements ShortLink {
  public InvitationShortLink {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(server, "server");
    linkId = ShortLink.checkId(Objects.requireNonNull(linkId, "linkId"), "link id");
    linkKey = ShortLink.checkKey(Objects.requireNonNull(linkKey, "linkKey"));
  }

  @Override
  public LinkType type() {
    return LinkType.INVITATION;
  }

  @Override
  public byte[] linkId() {
    return linkId.clone();
  }

  @Override
  public byte[] linkKey() {
    return linkKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InvitationShortLink l
        && l.scheme == scheme
        && l.server.equals(server)
        && Arrays.equals(l.linkId, linkId)
        && Arrays.equals(l.linkKey, linkKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, server, Arrays.hashCode(linkId), Arrays.hashCode(linkKey));
  }

  @Override
  public String toString() {
    return "InvitationShortLink[" + scheme.wireName() + ", " + server + "]";
  }
}
