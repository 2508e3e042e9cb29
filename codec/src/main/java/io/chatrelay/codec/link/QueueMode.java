package io.chatrelay.codec.link;

/**
 * The kind of an SMP queue (simplexmq {@code QueueMode}): a messaging queue, which the sender can
 * secure, or a contact queue.
 */
public enum QueueMode {
  MESSAGING('m', 'M', "messaging"),
  CONTACT('c', 'C', "contact");

  private final char uriLetter;
  private final char binaryLetter;
  private final String wireName;

  QueueMode(char uriLetter, char binaryLetter, String wireName) {
    this.uriLetter = uriLetter;
    this.binaryLetter = binaryLetter;
    this.wireName = wireName;
  }

  /** The value of the {@code q} parameter. */
  public char uriLetter() {
    return uriLetter;
  }

  char binaryLetter() {
    return binaryLetter;
  }

  public String wireName() {
    return wireName;
  }
}
