package io.chatrelay.server.fanout;

import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.message.Deliver;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Encodes {@code DELIVER} event frames straight from stored bytes: the stored post and the stored
 * certificate are already in their wire encoding, so a delivery is framed, not re-encoded. The
 * result is byte for byte what {@code MessageCodec.encode(Frame.event(v, new Deliver(...)))} writes
 * (a test holds the two together).
 */
public final class DeliveryFrames {
  private static final byte[] TAG = Deliver.TAG.getBytes(StandardCharsets.US_ASCII);

  private DeliveryFrames() {}

  public static byte[] encode(
      int version, byte[] addressId, long seq, byte[] post, Optional<byte[]> certificate) {
    BinaryWriter w = new BinaryWriter(post.length + 96 + certificate.map(c -> c.length).orElse(0));
    w.writeWord16(version);
    w.writeShortBytes(new byte[0]);
    w.writeShortBytes(TAG);
    w.writeShortBytes(addressId);
    w.writeInt64(seq);
    w.writeRaw(post);
    w.writeMaybe(certificate, (c, out) -> out.writeRaw(c));
    return w.toByteArray();
  }
}
