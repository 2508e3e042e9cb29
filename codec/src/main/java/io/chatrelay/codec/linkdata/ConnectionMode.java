package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.ConnectionRequest;
import io.chatrelay.codec.link.InvitationRequest;
import io.chatrelay.codec.link.InvitationShortLink;
import io.chatrelay.codec.link.ShortLink;

/**
 * The two kinds of SimpleX connection (simplexmq {@code ConnectionMode}), with the one-byte tag
 * their binary forms start with: {@code 'I'} ({@code CMInvitation}) and {@code 'C'} ({@code
 * CMContact}).
 *
 * <p>Link data is typed by its mode: fixed data of a contact address carries a contact request, its
 * user data is {@link ContactLinkData}, and its relay links are contact-mode short links.
 */
public enum ConnectionMode {
  /** A one-time invitation. */
  INVITATION('I'),
  /** A contact address (also a channel, group or relay address). */
  CONTACT('C');

  private final char tag;

  ConnectionMode(char tag) {
    this.tag = tag;
  }

  /** The binary tag, {@code 'I'} or {@code 'C'}. */
  public char tag() {
    return tag;
  }

  /** The mode of a full connection request. */
  public static ConnectionMode of(ConnectionRequest request) {
    return request instanceof InvitationRequest ? INVITATION : CONTACT;
  }

  /** The mode of a short link: invitation links are one-time, every other type is an address. */
  public static ConnectionMode of(ShortLink link) {
    return link instanceof InvitationShortLink ? INVITATION : CONTACT;
  }

  void encode(BinaryWriter w) {
    w.writeChar(tag);
  }

  /**
   * Reads the tag.
   *
   * @throws DecodeException UNKNOWN_TYPE for a byte other than {@code 'I'} or {@code 'C'},
   *     TRUNCATED at the end of input
   */
  static ConnectionMode decode(BinaryReader r) {
    int b = r.readByte();
    if (b == 'I') {
      return INVITATION;
    }
    if (b == 'C') {
      return CONTACT;
    }
    throw DecodeException.unknownType("bad connection mode byte 0x" + Integer.toHexString(b));
  }

  /**
   * Checks that a decoded value has the mode the caller expects (simplexmq {@code checkConnMode}).
   *
   * @throws DecodeException INVALID_VALUE if it does not
   */
  void require(ConnectionMode expected, String what) {
    if (this != expected) {
      throw DecodeException.invalid(
          "bad connection mode: " + what + " is " + this + ", expected " + expected);
    }
  }
}
