package io.chatrelay.codec.chat;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import java.util.List;

/**
 * What simplex-chat signs in a {@link SignedElement}, and signing and checking with it.
 *
 * <pre>
 * bindingPrefix = smpEncode(bindingTag) &lt;&gt; bindingData
 * signedBytes   = bindingPrefix &lt;&gt; body
 *
 * group member  (G): bindingData = smpEncode(publicGroupId, memberId)
 *                    = len(publicGroupId):1 publicGroupId len(memberId):1 memberId
 * channel       (C): bindingData = smpEncode(publicGroupId)
 * direct        (D): bindingData = the connection's association hash (raw)
 * </pre>
 *
 * The binding data is not sent: each side rebuilds it from what it knows (the channel's entity id,
 * the sender's member id), so a signature made for one channel or member does not verify for
 * another. {@code publicGroupId} is the channel's entity id ({@code sha256(rootPubKey)}).
 */
public final class ChatSigning {
  private ChatSigning() {}

  /** {@code smpEncode(publicGroupId, memberId)}, the binding data of {@link ChatBinding#GROUP}. */
  public static byte[] groupBindingData(byte[] publicGroupId, byte[] memberId) {
    return new BinaryWriter()
        .writeShortBytes(publicGroupId)
        .writeShortBytes(memberId)
        .toByteArray();
  }

  /** {@code smpEncode(publicGroupId)}, the binding data of {@link ChatBinding#CHANNEL}. */
  public static byte[] channelBindingData(byte[] publicGroupId) {
    return new BinaryWriter().writeShortBytes(publicGroupId).toByteArray();
  }

  /** The bytes signed: binding tag, binding data, body. */
  public static byte[] signedBytes(ChatBinding binding, byte[] bindingData, byte[] body) {
    return new BinaryWriter(1 + bindingData.length + body.length)
        .writeChar(binding.tag())
        .writeRaw(bindingData)
        .writeRaw(body)
        .toByteArray();
  }

  /** Signs {@code body} with one key: a signed element with one signature. */
  public static SignedElement sign(
      Ed25519KeyPair key, ChatBinding binding, byte[] bindingData, byte[] body) {
    byte[] sig = key.sign(signedBytes(binding, bindingData, body));
    return new SignedElement(binding, List.of(new MsgSignature(Bytes.of(sig))), Bytes.of(body));
  }

  /**
   * True if the element is bound as {@code expected} and every signature is {@code key}'s over
   * {@code signedBytes(expected, bindingData, body)} (simplex-chat checks all of them).
   */
  public static boolean verify(
      SignedElement element, ChatBinding expected, byte[] bindingData, Ed25519PublicKey key) {
    if (element.binding() != expected) {
      return false;
    }
    byte[] signed = signedBytes(expected, bindingData, element.body().toByteArray());
    for (MsgSignature s : element.signatures()) {
      if (!key.verify(signed, s.signature().toByteArray())) {
        return false;
      }
    }
    return true;
  }
}
