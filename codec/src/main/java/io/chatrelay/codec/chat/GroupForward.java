package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import java.time.Instant;
import java.util.Objects;

/**
 * The header of a relay-forwarded message (simplex-chat's {@code GrpMsgForward}): sender, then the
 * broker timestamp as simplexmq encodes a {@code SystemTime}: Int64 seconds only (big-endian; the
 * fraction is not sent).
 *
 * @param sender who the message is attributed to
 * @param brokerTs the broker time, whole seconds
 */
public record GroupForward(ForwardSender sender, Instant brokerTs) {
  public GroupForward {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(brokerTs, "brokerTs");
    if (brokerTs.getNano() != 0) {
      throw new IllegalArgumentException("brokerTs is encoded in whole seconds");
    }
  }

  void encode(BinaryWriter w) {
    sender.encode(w);
    w.writeInt64(brokerTs.getEpochSecond());
  }

  static GroupForward decode(BinaryReader r) {
    ForwardSender s = ForwardSender.decode(r);
    long seconds = r.readInt64();
    if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
      throw io.chatrelay.codec.encoding.DecodeException.invalid("brokerTs out of range");
    }
    return new GroupForward(s, Instant.ofEpochSecond(seconds));
  }
}
