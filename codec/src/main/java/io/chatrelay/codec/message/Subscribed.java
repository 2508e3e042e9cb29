package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;

/**
 * {@code SUBSCRIBED}: the subscription is open; {@code headSeq(Int64)} is the last stored sequence
 * number when it opened, so a reader that only wants what exists now stops there. Deliveries follow
 * as {@link Deliver} events, stored posts first, then live ones, with no gap and no duplicate at
 * the seam.
 */
public record Subscribed(long headSeq) implements RelayMessage {
  public static final String TAG = "SUBSCRIBED";

  public Subscribed {
    if (headSeq < 0) {
      throw DecodeException.invalid("sequence must be >= 0");
    }
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    w.writeInt64(headSeq);
  }

  static Subscribed read(BinaryReader r) {
    return new Subscribed(r.readInt64());
  }
}
