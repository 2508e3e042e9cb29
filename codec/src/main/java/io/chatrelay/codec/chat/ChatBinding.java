package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.DecodeException;

/**
 * What a message signature is bound to (simplex-chat's {@code ChatBinding}), one byte on the wire.
 *
 * <p>The signed bytes are {@code tag <> bindingData <> body}; see {@link ChatSigning}. {@code G}
 * (group) is what simplex-chat's code sends; {@code D} (direct) and {@code C} (channel as sender)
 * are in the channels protocol's ABNF and are read as well.
 */
public enum ChatBinding {
  /** A member in a group or channel: binding data {@code smpEncode(publicGroupId, memberId)}. */
  GROUP('G'),
  /** A direct chat: binding data is the connection's ratchet association hash. */
  DIRECT('D'),
  /** The channel itself as sender: binding data {@code smpEncode(publicGroupId)}. */
  CHANNEL('C');

  private final char tag;

  ChatBinding(char tag) {
    this.tag = tag;
  }

  public char tag() {
    return tag;
  }

  /**
   * @throws DecodeException UNKNOWN_TYPE for any other byte
   */
  public static ChatBinding fromTag(int b) {
    for (ChatBinding c : values()) {
      if (c.tag == b) {
        return c;
      }
    }
    throw DecodeException.unknownType("invalid chat binding 0x" + Integer.toHexString(b));
  }
}
