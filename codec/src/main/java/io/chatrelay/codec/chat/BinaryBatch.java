package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.ArrayList;
import java.util.List;

/**
 * simplex-chat's binary batch, used by channels:
 *
 * <pre>
 * '=' count:1 (len:2 element){count}      count 1..255, len big-endian, element per {@link BatchElement}
 * </pre>
 *
 * simplex-chat's parser also reads a count of 0 (an empty batch); this codec refuses it, as the
 * channels protocol's ABNF says 1-255 and simplex-chat never sends one.
 *
 * @param elements 1..255 elements, each at most 65535 bytes encoded
 */
public record BinaryBatch(List<BatchElement> elements) {
  public static final int MAX_ELEMENTS = 255;

  /**
   * @throws IllegalArgumentException for 0 or more than 255 elements
   */
  public BinaryBatch {
    elements = List.copyOf(elements);
    if (elements.isEmpty() || elements.size() > MAX_ELEMENTS) {
      throw new IllegalArgumentException("a batch has 1..255 elements");
    }
  }

  /**
   * The batch bytes.
   *
   * @throws io.chatrelay.codec.encoding.EncodeException for an element over 65535 bytes
   */
  public byte[] encode() {
    BinaryWriter w = new BinaryWriter().writeChar('=');
    w.writeList(elements, (e, out) -> out.writeLarge(e.encode()));
    return w.toByteArray();
  }

  /**
   * Decodes a whole batch, starting with {@code '='}.
   *
   * @throws DecodeException INVALID_VALUE for a missing {@code '='} or a count of 0, TRUNCATED for
   *     a length past the end, TRAILING_DATA after the last element, and each element's reasons
   */
  public static BinaryBatch decode(byte[] bytes) {
    BinaryReader r = new BinaryReader(bytes);
    if (r.readByte() != '=') {
      throw DecodeException.invalid("a binary batch starts with '='");
    }
    return decodeAfterTag(r);
  }

  static BinaryBatch decodeAfterTag(BinaryReader r) {
    int count = r.readByte();
    if (count == 0) {
      throw DecodeException.invalid("empty binary batch");
    }
    List<BatchElement> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] element = r.readLarge();
      if (element.length == 0) {
        throw DecodeException.truncated("empty batch element");
      }
      out.add(BatchElement.decode(element));
    }
    r.expectEnd();
    return new BinaryBatch(out);
  }
}
