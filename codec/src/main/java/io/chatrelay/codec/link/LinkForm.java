package io.chatrelay.codec.link;

/** The three forms of {@link Link}. */
public enum LinkForm {
  /** {@code smp://…} queue URI. */
  QUEUE("queue"),
  /** {@code simplex:/invitation#/?…} or {@code simplex:/contact#/?…}. */
  FULL("full"),
  /** {@code https://host/<t>#…} or {@code simplex:/<t>#…}. */
  SHORT("short");

  private final String wireName;

  LinkForm(String wireName) {
    this.wireName = wireName;
  }

  /** Lower-case name used in JSON and docs. */
  public String wireName() {
    return wireName;
  }
}
