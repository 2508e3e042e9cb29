package io.chatrelay.server.fanout;

import io.chatrelay.server.transport.RelaySession;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One member's subscription to one group on one connection: delivers each post once, in order.
 *
 * <p>Two modes. While <b>catching up</b>, stored posts are read page by page (paced by how fast the
 * socket drains) and live posts wait in a bounded buffer; when the stored part has caught up, the
 * buffer is flushed and the subscription goes <b>live</b>: each published post is written straight
 * to the session (the same encoded bytes for every subscriber). A live post ahead of the next
 * expected sequence number (a gap: a publication missed, e.g. across instances) sends the
 * subscription back to catching up from the store, so nothing is skipped; a post at or below it is
 * a duplicate and is dropped. Slow reader: if the live buffer overflows while catching up, or the
 * session's outbound queue fills, the session is closed and the member resumes from its last
 * sequence number.
 */
public final class Subscription {

  private final RelaySession session;
  private final int liveBuffer;
  private final Consumer<Subscription> catchUp;
  // Small at first: most subscriptions catch up without buffering much.
  private final ArrayDeque<Delivery> buffered = new ArrayDeque<>(1);
  private long next;
  private boolean live;
  private boolean closed;

  /**
   * @param from the first sequence number to deliver
   * @param catchUp starts (or restarts) reading stored posts from {@link #next()}; it calls {@link
   *     #caughtUp} when a page comes back short
   */
  public Subscription(
      RelaySession session, long from, int liveBuffer, Consumer<Subscription> catchUp) {
    this.session = session;
    this.next = Math.max(1, from);
    this.liveBuffer = liveBuffer;
    this.catchUp = catchUp;
  }

  public RelaySession session() {
    return session;
  }

  /** The next sequence number this subscription will deliver. */
  public synchronized long next() {
    return next;
  }

  /** A post just published to the group (called in sequence order by the group's publisher). */
  public void publish(Delivery d) {
    boolean restart = false;
    synchronized (this) {
      if (closed || d.seq() < next) {
        return;
      }
      if (!live) {
        if (buffered.size() >= liveBuffer) {
          overflow();
          return;
        }
        buffered.add(d);
        return;
      }
      if (d.seq() == next) {
        write(d);
        return;
      }
      // A gap: go back to the store for what is missing, keep this one for after it.
      live = false;
      buffered.add(d);
      restart = true;
    }
    if (restart) {
      catchUp.accept(this);
    }
  }

  /**
   * A run of consecutive posts just published, framed together in {@code wire}: written in one go
   * when this subscription is live and expects the first of them, otherwise post by post.
   */
  void publish(List<Delivery> run, ByteBuf wire) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (live && run.get(0).seq() == next) {
        written(session.pushShared(wire, run.size()), run.get(run.size() - 1).seq());
        return;
      }
    }
    for (Delivery d : run) {
      publish(d);
    }
  }

  /** A stored post read while catching up. */
  public synchronized void stored(Delivery d) {
    if (!closed && d.seq() >= next) {
      write(d);
    }
  }

  /**
   * The stored part has caught up: flush buffered live posts in order and go live. Returns false if
   * the buffer starts beyond the next sequence number (a post committed after the last page was
   * read): the caller reads one more page.
   */
  public synchronized boolean caughtUp() {
    if (closed) {
      return true;
    }
    while (!buffered.isEmpty()) {
      Delivery d = buffered.peekFirst();
      if (d.seq() < next) {
        buffered.pollFirst();
      } else if (d.seq() == next) {
        buffered.pollFirst();
        write(d);
      } else {
        return false;
      }
    }
    live = true;
    return true;
  }

  private void write(Delivery d) {
    written(d.sendTo(session), d.seq());
  }

  /** After a write up to {@code lastSeq}: what comes next, or closed if the session refused it. */
  private void written(boolean accepted, long lastSeq) {
    if (accepted) {
      next = lastSeq + 1;
    } else {
      close();
    }
  }

  private void overflow() {
    close();
    session.slowConsumer("subscription buffer overflow while catching up");
  }

  public synchronized void close() {
    closed = true;
    buffered.clear();
  }

  public synchronized boolean isClosed() {
    return closed || session.isClosed();
  }
}
