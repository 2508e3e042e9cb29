package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;

/**
 * An unsigned JSON chat message, kept as its exact bytes (starting with {@code '{'}).
 *
 * @param json the message bytes
 */
public record PlainElement(Bytes json) implements BatchElement {
  /**
   * @throws DecodeException INVALID_VALUE if the bytes do not start with {@code '{'}, OVER_LIMIT
   *     above 65535 bytes
   */
  public PlainElement {
    if (json.length() == 0 || json.toByteArray()[0] != '{') {
      throw DecodeException.invalid("a plain element starts with '{'");
    }
    if (json.length() > 0xFFFF) {
      throw DecodeException.overLimit("element over 65535 bytes");
    }
  }

  PlainElement(byte[] json) {
    this(Bytes.of(json));
  }

  /** The element holding {@code message}'s encoding. */
  public static PlainElement of(ChatMessage message) {
    return new PlainElement(message.encode());
  }

  /**
   * The message.
   *
   * @throws DecodeException as {@link ChatMessage#decode(byte[])}
   */
  public ChatMessage message() {
    return ChatMessage.decode(json.toByteArray());
  }

  @Override
  public void encode(BinaryWriter w) {
    w.writeRaw(json.toByteArray());
  }
}
