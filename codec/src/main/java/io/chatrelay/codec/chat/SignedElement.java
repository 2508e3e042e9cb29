package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.List;
import java.util.Objects;

/**
 * A signed JSON chat message (simplex-chat's {@code SignedMsg} in a batch):
 *
 * <pre>
 * '/' binding:1 sigCount:1 ('M' 0x40 sig:64){sigCount} body
 * </pre>
 *
 * where {@code body} is the JSON message, to the end of the element, kept as the exact bytes that
 * were signed. See {@link ChatSigning} for what is signed.
 *
 * @param binding what the signatures are bound to
 * @param signatures 1..255 signatures
 * @param body the signed JSON bytes
 */
public record SignedElement(ChatBinding binding, List<MsgSignature> signatures, Bytes body)
    implements BatchElement {
  /**
   * @throws IllegalArgumentException for no signatures, more than 255, or an empty body
   * @throws DecodeException OVER_LIMIT if the element would exceed 65535 bytes
   */
  public SignedElement {
    Objects.requireNonNull(binding, "binding");
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty() || signatures.size() > 255) {
      throw new IllegalArgumentException("1..255 signatures");
    }
    Objects.requireNonNull(body, "body");
    if (body.length() == 0) {
      throw new IllegalArgumentException("empty signed body");
    }
    if (3L + 66L * signatures.size() + body.length() > 0xFFFF) {
      throw DecodeException.overLimit("element over 65535 bytes");
    }
  }

  static SignedElement decodeAfterTag(BinaryReader r) {
    ChatBinding binding = ChatBinding.fromTag(r.readByte());
    List<MsgSignature> sigs = r.readNonEmpty(MsgSignature::decode, 255);
    byte[] body = r.readTail();
    if (body.length == 0) {
      throw DecodeException.truncated("signed element without a body");
    }
    return new SignedElement(binding, sigs, Bytes.of(body));
  }

  /**
   * The signed message.
   *
   * @throws DecodeException as {@link ChatMessage#decode(byte[])}
   */
  public ChatMessage message() {
    return ChatMessage.decode(body.toByteArray());
  }

  @Override
  public void encode(BinaryWriter w) {
    w.writeChar('/').writeChar(binding.tag());
    w.writeNonEmpty(signatures, MsgSignature::encode);
    w.writeRaw(body.toByteArray());
  }

  @Override
  public String toString() {
    return "SignedElement[" + binding + ", " + signatures.size() + " signatures]";
  }
}
