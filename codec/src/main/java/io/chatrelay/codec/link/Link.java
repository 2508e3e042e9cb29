package io.chatrelay.codec.link;

/**
 * Any SimpleX link or queue address this codec reads: an SMP queue URI, a full connection request
 * or a short link. Values are immutable; {@link #print()} writes the canonical form, which {@link
 * Links#parse(String)} reads back to an equal value.
 */
public sealed interface Link permits SmpQueueUri, ConnectionRequest, ShortLink {

  /** Which of the three forms this is. */
  LinkForm form();

  /**
   * The canonical string, as SimpleX prints it (and, for our extensions, as {@code
   * docs/protocol.md} specifies).
   */
  String print();
}
