package io.chatrelay.codec.group;

import io.chatrelay.codec.encoding.DecodeException;

/** Whether only owners post (channel) or members post too (group); fixed at creation. */
public enum GroupType {
  /** Only owners post; every post is signed by an owner key. */
  CHANNEL('c'),
  /** Members post too, with their per-group member keys. */
  GROUP('g');

  private final char tag;

  GroupType(char tag) {
    this.tag = tag;
  }

  /** The one-letter tag, also the short-link type letter ({@code c} or {@code g}). */
  public char tag() {
    return tag;
  }

  /**
   * @throws DecodeException if {@code tag} is neither {@code c} nor {@code g}
   */
  public static GroupType fromTag(int tag) {
    return switch (tag) {
      case 'c' -> CHANNEL;
      case 'g' -> GROUP;
      default ->
          throw new DecodeException(
              DecodeException.Reason.UNKNOWN_TYPE,
              "unknown group type 0x" + Integer.toHexString(tag));
    };
  }
}
