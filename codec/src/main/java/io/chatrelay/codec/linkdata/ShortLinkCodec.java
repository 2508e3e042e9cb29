package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.EncodeException;
import io.chatrelay.codec.link.ContactShortLink;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.InvitationShortLink;
import io.chatrelay.codec.link.LinkType;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.ShortLink;
import io.chatrelay.codec.link.ShortLinkScheme;
import io.chatrelay.codec.link.SmpServer;
import java.util.List;
import java.util.Optional;

/**
 * The binary form of a short link (simplexmq {@code instance Encoding (ConnShortLink m)}), as it
 * appears in {@link UserContactData#relays()}.
 *
 * <pre>
 * invitation: 'I' server linkId(ByteString) linkKey(ByteString)
 * contact:    'C' type server linkKey(ByteString)      type: 'A' contact, 'C' channel,
 *                                                           'G' group, 'R' relay
 * </pre>
 *
 * with {@code server} in {@link SmpServer#encode}'s form. The scheme is not written: every link
 * reads back with {@link ShortLinkScheme#HTTPS} (simplexmq's {@code SLSServer}). Our string-form
 * extensions have no binary form either, so a group link with extra relays or a relay link with a
 * per-group address id cannot be encoded.
 */
public final class ShortLinkCodec {
  private ShortLinkCodec() {}

  /**
   * Writes the binary form.
   *
   * @throws EncodeException for a group link with extra relays, a relay link with an address id, or
   *     a server whose fields exceed their length prefixes
   */
  public static void encode(ShortLink link, BinaryWriter w) {
    if (link instanceof InvitationShortLink inv) {
      ConnectionMode.INVITATION.encode(w);
      inv.server().encode(w);
      w.writeShortBytes(inv.linkId());
      w.writeShortBytes(inv.linkKey());
      return;
    }
    if (link instanceof GroupShortLink g && !g.extraRelays().isEmpty()) {
      throw new EncodeException("the binary form of a short link has no extra relays");
    }
    // The relay link's id is our extension (and about to become a legacy field): compare with the
    // link that has none rather than depend on its accessor.
    if (link instanceof RelayShortLink
        && !link.equals(
            new RelayShortLink(link.scheme(), link.server(), Optional.empty(), link.linkKey()))) {
      throw new EncodeException("the binary form of a relay short link has no address id");
    }
    ConnectionMode.CONTACT.encode(w);
    w.writeChar(contactTypeChar(link.type()));
    link.server().encode(w);
    w.writeShortBytes(link.linkKey());
  }

  /** The binary form as an array. */
  public static byte[] encode(ShortLink link) {
    BinaryWriter w = new BinaryWriter(128);
    encode(link, w);
    return w.toByteArray();
  }

  /**
   * Reads a short link of either mode.
   *
   * @throws DecodeException UNKNOWN_TYPE for an unknown mode or contact type, TRUNCATED, or
   *     INVALID_VALUE for a link id that is not 24 bytes or a link key that is not 32
   */
  public static ShortLink decode(BinaryReader r) {
    ConnectionMode mode = ConnectionMode.decode(r);
    if (mode == ConnectionMode.INVITATION) {
      SmpServer server = SmpServer.decode(r);
      byte[] linkId = r.readShortBytes();
      byte[] linkKey = r.readShortBytes();
      return new InvitationShortLink(ShortLinkScheme.HTTPS, server, linkId, linkKey);
    }
    int type = r.readByte();
    LinkType linkType = contactType(type);
    SmpServer server = SmpServer.decode(r);
    byte[] linkKey = r.readShortBytes();
    switch (linkType) {
      case CONTACT:
        return new ContactShortLink(ShortLinkScheme.HTTPS, server, linkKey);
      case RELAY:
        return new RelayShortLink(ShortLinkScheme.HTTPS, server, Optional.empty(), linkKey);
      default:
        return new GroupShortLink(ShortLinkScheme.HTTPS, linkType, server, linkKey, List.of());
    }
  }

  /**
   * Reads a contact-mode short link (simplexmq {@code ConnShortLink 'CMContact}): the whole link is
   * read, then its mode checked.
   *
   * @throws DecodeException as {@link #decode}, and INVALID_VALUE for an invitation link
   */
  public static ShortLink decodeContact(BinaryReader r) {
    ShortLink link = decode(r);
    ConnectionMode.of(link).require(ConnectionMode.CONTACT, "relay short link");
    return link;
  }

  private static char contactTypeChar(LinkType type) {
    switch (type) {
      case CONTACT:
        return 'A';
      case CHANNEL:
        return 'C';
      case GROUP:
        return 'G';
      case RELAY:
        return 'R';
      default:
        throw new IllegalArgumentException("not a contact link type: " + type);
    }
  }

  private static LinkType contactType(int b) {
    switch (b) {
      case 'A':
        return LinkType.CONTACT;
      case 'C':
        return LinkType.CHANNEL;
      case 'G':
        return LinkType.GROUP;
      case 'R':
        return LinkType.RELAY;
      default:
        throw DecodeException.unknownType(
            "unknown contact address type byte 0x" + Integer.toHexString(b));
    }
  }
}
