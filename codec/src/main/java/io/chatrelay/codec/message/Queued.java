package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;

/**
 * {@code QUEUED}: the join is stored durably and will be processed; {@code joinId(Int64)} is the
 * relay's receipt. A {@link Joined} follows on this connection when the member is admitted; a
 * member that reconnects sends the same {@link Join} again and gets {@code JOINED} at once.
 */
public record Queued(long joinId) implements RelayMessage {
  public static final String TAG = "QUEUED";

  public Queued {
    if (joinId < 1) {
      throw DecodeException.invalid("join id must be >= 1");
    }
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    w.writeInt64(joinId);
  }

  static Queued read(BinaryReader r) {
    return new Queued(r.readInt64());
  }
}
