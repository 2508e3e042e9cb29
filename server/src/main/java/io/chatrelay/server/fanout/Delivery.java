package io.chatrelay.server.fanout;

import io.chatrelay.server.transport.RelaySession;
import io.chatrelay.server.transport.WebSocketWire;
import io.netty.buffer.ByteBuf;

/**
 * A stored post ready to send: its sequence number and its {@code DELIVER} frame, encoded once (the
 * array is never modified after construction). A live post, published to every subscriber of its
 * group, is also framed for the WebSocket once, and the same bytes are written to each socket.
 */
public final class Delivery {
  private final long seq;
  private final byte[] frame;
  private final boolean live;
  private volatile ByteBuf wire;

  private Delivery(long seq, byte[] frame, boolean live) {
    this.seq = seq;
    this.frame = frame;
    this.live = live;
  }

  /** A post just stored, for every live subscriber of its group. */
  public static Delivery live(long seq, byte[] frame) {
    return new Delivery(seq, frame, true);
  }

  /** A post read from the store for one catching-up subscriber. */
  public static Delivery stored(long seq, byte[] frame) {
    return new Delivery(seq, frame, false);
  }

  public long seq() {
    return seq;
  }

  public byte[] frame() {
    return frame;
  }

  /** Writes it to a session; false if the session is closed or just closed as a slow consumer. */
  boolean sendTo(RelaySession session) {
    return live ? session.pushShared(wire(), 1) : session.pushOwned(frame);
  }

  /** The shared wire message, framed on first use (posts sent in runs never need their own). */
  private ByteBuf wire() {
    ByteBuf w = wire;
    if (w == null) {
      synchronized (this) {
        w = wire;
        if (w == null) {
          w = WebSocketWire.shared(frame);
          wire = w;
        }
      }
    }
    return w;
  }
}
