package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;

/**
 * One element of a binary batch, or a lone message (simplex-chat's {@code elementP}), by its first
 * byte:
 *
 * <pre>
 * '{' json            {@link PlainElement}: a JSON chat message, exact bytes
 * '/' binding sigs json   {@link SignedElement}
 * '>' GrpMsgForward element  {@link ForwardElement}; the inner element is not a forward
 * 'F' …               {@link FileElement}: a binary file chunk, kept as bytes
 * </pre>
 *
 * Any other first byte is refused (UNKNOWN_TYPE).
 */
public sealed interface BatchElement
    permits PlainElement, SignedElement, ForwardElement, FileElement {

  /** Writes the element (without a length prefix). */
  void encode(BinaryWriter w);

  /** The element's bytes. */
  default byte[] encode() {
    BinaryWriter w = new BinaryWriter();
    encode(w);
    return w.toByteArray();
  }

  /**
   * Decodes one element that is the whole of {@code bytes}.
   *
   * @throws DecodeException UNKNOWN_TYPE for an unknown first byte, INVALID_VALUE for a nested
   *     forward, TRUNCATED, and the reasons of each element's reading
   */
  static BatchElement decode(byte[] bytes) {
    return decode(new BinaryReader(bytes), false);
  }

  /** Reads an element that extends to the reader's end. */
  static BatchElement decode(BinaryReader r, boolean inForward) {
    int first = r.peekByte();
    return switch (first) {
      case '{' -> new PlainElement(r.readTail());
      case '/' -> SignedElement.decodeAfterTag(skip(r));
      case '>' -> {
        if (inForward) {
          throw DecodeException.invalid("nested forward elements are not supported");
        }
        skip(r);
        GroupForward fwd = GroupForward.decode(r);
        yield new ForwardElement(fwd, decode(r, true));
      }
      case 'F' -> {
        skip(r);
        yield new FileElement(r.readTail());
      }
      default ->
          throw DecodeException.unknownType(
              "invalid element prefix 0x" + Integer.toHexString(first));
    };
  }

  private static BinaryReader skip(BinaryReader r) {
    r.readByte();
    return r;
  }
}
