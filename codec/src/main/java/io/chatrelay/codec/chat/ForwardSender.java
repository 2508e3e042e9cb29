package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Who a forwarded message is attributed to (simplex-chat's {@code FwdSender}): a member, or the
 * channel itself.
 *
 * <p>Binary: {@code 'M'} memberId (ByteString) memberName (ByteString, UTF-8), or {@code 'C'}.
 */
public sealed interface ForwardSender {

  /**
   * A named member.
   *
   * @param memberId the member id, 1..255 bytes
   * @param memberName the member's display name, at most 255 UTF-8 bytes
   */
  record Member(Bytes memberId, String memberName) implements ForwardSender {
    public Member {
      Objects.requireNonNull(memberId, "memberId");
      memberId.requireLength(1, 255, "memberId");
      Objects.requireNonNull(memberName, "memberName");
      if (memberName.getBytes(StandardCharsets.UTF_8).length > 255) {
        throw DecodeException.overLimit("memberName over 255 bytes");
      }
    }
  }

  /** The channel as sender ({@code asGroup} messages). */
  record Channel() implements ForwardSender {}

  /** Writes the binary form. */
  default void encode(BinaryWriter w) {
    if (this instanceof Member m) {
      w.writeChar('M');
      m.memberId().writeShort(w);
      w.writeShortString(m.memberName());
    } else {
      w.writeChar('C');
    }
  }

  /**
   * Reads the binary form.
   *
   * @throws DecodeException UNKNOWN_TYPE for a tag other than M or C, TRUNCATED, BAD_ENCODING for a
   *     name that is not UTF-8
   */
  static ForwardSender decode(BinaryReader r) {
    int tag = r.readByte();
    return switch (tag) {
      case 'M' -> new Member(Bytes.read(r, 1, 255, "memberId"), r.readShortString());
      case 'C' -> new Channel();
      default ->
          throw DecodeException.unknownType(
              "invalid forward sender tag 0x" + Integer.toHexString(tag));
    };
  }
}
