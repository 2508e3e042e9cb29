package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.BinaryWriter;
import java.util.Objects;

/**
 * A message a relay forwards: {@code '>'} {@link GroupForward} then the original element, byte for
 * byte (so its signature still verifies). The inner element is never a forward.
 *
 * @param forward the forwarding header
 * @param inner the original element
 */
public record ForwardElement(GroupForward forward, BatchElement inner) implements BatchElement {
  /**
   * @throws IllegalArgumentException if {@code inner} is a forward
   */
  public ForwardElement {
    Objects.requireNonNull(forward, "forward");
    Objects.requireNonNull(inner, "inner");
    if (inner instanceof ForwardElement) {
      throw new IllegalArgumentException("nested forward elements are not supported");
    }
  }

  @Override
  public void encode(BinaryWriter w) {
    w.writeChar('>');
    forward.encode(w);
    inner.encode(w);
  }
}
