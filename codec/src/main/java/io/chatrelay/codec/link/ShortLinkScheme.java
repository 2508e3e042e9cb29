package io.chatrelay.codec.link;

/**
 * How a short link is written (simplexmq {@code ShortLinkScheme}): as a web address of its first
 * server ({@code https://host/…}) or with the app scheme ({@code simplex:/…}).
 */
public enum ShortLinkScheme {
  /** {@code https://<first host>/<t>#…}, other hosts in {@code h}. */
  HTTPS("https"),
  /** {@code simplex:/<t>#…?h=<all hosts>}. */
  SIMPLEX("simplex");

  private final String wireName;

  ShortLinkScheme(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
