package io.chatrelay.codec.link;

import io.chatrelay.codec.encoding.DecodeException;

/**
 * What a connection link leads to, with its one-letter short-link tag and its binary tag.
 *
 * <p>Letters are fixed: {@code a} contact, {@code i} invitation, {@code c} channel, {@code g}
 * group, {@code r} chat relay. Full connection requests only have invitation and contact.
 */
public enum LinkType {
  INVITATION("invitation", 'i'),
  CONTACT("contact", 'a'),
  CHANNEL("channel", 'c'),
  GROUP("group", 'g'),
  RELAY("relay", 'r');

  private final String wireName;
  private final char letter;

  LinkType(String wireName, char letter) {
    this.wireName = wireName;
    this.letter = letter;
  }

  public String wireName() {
    return wireName;
  }

  /** The lower-case letter in a short link path. */
  public char letter() {
    return letter;
  }

  /** The upper-case letter of SimpleX's binary {@code ctTypeChar} (contact types only). */
  char binaryLetter() {
    return Character.toUpperCase(letter);
  }

  /**
   * The type of a short link letter. SimpleX upper-cases the letter of a contact type before it
   * matches it, so {@code A C G R} are read too; {@code i} is read in lower case only.
   *
   * @throws DecodeException UNKNOWN_TYPE for any other character
   */
  public static LinkType fromLetter(char c) {
    if (c == 'i') {
      return INVITATION;
    }
    for (LinkType t : values()) {
      if (t != INVITATION && t.binaryLetter() == Character.toUpperCase(c)) {
        return t;
      }
    }
    throw DecodeException.unknownType(
        "unknown link type '" + SmpServer.printable(c) + "' (expected a, c, g, i or r)");
  }

  static LinkType fromBinaryLetter(int b) {
    for (LinkType t : values()) {
      if (t != INVITATION && t.binaryLetter() == b) {
        return t;
      }
    }
    throw DecodeException.unknownType("unknown contact type byte 0x" + Integer.toHexString(b));
  }
}
