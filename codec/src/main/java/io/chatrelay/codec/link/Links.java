package io.chatrelay.codec.link;

import io.chatrelay.codec.encoding.DecodeException;

/** The single entry point for reading any link. */
public final class Links {
  /** Longest link accepted, in characters. */
  public static final int MAX_LINK_LENGTH = 64 * 1024;

  private Links() {}

  /**
   * Parses a queue URI ({@code smp://…}), a full connection request ({@code simplex:/invitation…},
   * {@code simplex:/contact…} or their {@code https://host/…} forms) or a short link ({@code
   * https://host/<t>#…}, {@code simplex:/<t>#…}).
   *
   * @return the link, never null
   * @throws DecodeException with a reason and a message naming the defect: OVER_LIMIT for input
   *     longer than {@value #MAX_LINK_LENGTH} characters or over-long fields, UNKNOWN_TYPE for an
   *     unknown scheme or type letter, BAD_ENCODING for bad base64url, BAD_KEY for an invalid key,
   *     INVALID_VALUE for an inverted version range, a port outside 1–65535 or a bad host,
   *     MISSING_FIELD for a missing required parameter, TRAILING_DATA for text after the link,
   *     TRUNCATED for a link that ends early
   */
  public static Link parse(String s) {
    if (s.length() > MAX_LINK_LENGTH) {
      throw DecodeException.overLimit(
          "link of " + s.length() + " characters exceeds " + MAX_LINK_LENGTH);
    }
    if (s.startsWith("smp://")) {
      return SmpQueueUri.parse(s);
    }
    String path;
    if (s.startsWith("simplex:")) {
      path = s.substring("simplex:".length());
    } else if (s.startsWith("https://")) {
      int slash = s.indexOf('/', "https://".length());
      path = slash < 0 ? "" : s.substring(slash);
    } else {
      throw DecodeException.unknownType(
          "not a link: expected smp://, simplex: or https:// at the start");
    }
    if (path.startsWith("/invitation") || path.startsWith("/contact")) {
      return ConnectionRequest.parse(s);
    }
    return ShortLink.parse(s);
  }
}
