package io.chatrelay.server.fanout;

import io.chatrelay.server.transport.WebSocketWire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The live subscribers of one group at this process. {@link #publish} is called by the group's post
 * pipeline, one post at a time in sequence order, and writes the shared frame to each.
 *
 * <p>Subscribers are kept by their connection's event loop. Each loop has a queue of posts to write
 * and at most one task scheduled to write them: the publishing thread does one hand-off per loop
 * instead of one per subscriber, the writes are spread over the loops (cores), and each is made on
 * the connection's own thread. A loop runs its tasks in order, so each subscriber still sees posts
 * in sequence order.
 *
 * <p>When posts arrive faster than a loop writes them, the ones waiting in its queue are written
 * together: a run of consecutive posts is framed once into one buffer and each subscriber gets it
 * in a single write, so the cost per subscriber falls as the load rises instead of capping it. Runs
 * only coalesce posts already waiting; none is held back to wait for more.
 */
public final class GroupHub {
  /** Most posts in one run. */
  static final int RUN_POSTS = 64;

  /** Most bytes in one run (a run always takes at least one post). */
  static final int RUN_BYTES = 64 * 1024;

  /** Most posts one task writes before yielding the loop to its other work. */
  private static final int POSTS_PER_TASK = 1024;

  private final Map<Executor, LoopShare> byLoop = new ConcurrentHashMap<>();

  public void add(Subscription s) {
    byLoop.computeIfAbsent(s.session().loop(), LoopShare::new).subscribers.add(s);
  }

  public void remove(Subscription s) {
    LoopShare share = byLoop.get(s.session().loop());
    if (share != null) {
      share.subscribers.remove(s);
    }
  }

  public int size() {
    int n = 0;
    for (LoopShare share : byLoop.values()) {
      n += share.subscribers.size();
    }
    return n;
  }

  /**
   * Delivers a committed post to every subscriber, on their event loops; returns how many
   * subscribers it was handed to.
   */
  public int publish(Delivery d) {
    int n = 0;
    for (LoopShare share : byLoop.values()) {
      int size = share.subscribers.size();
      if (size > 0) {
        n += size;
        share.offer(d);
      }
    }
    return n;
  }

  /** The subscribers on one event loop and the posts waiting to be written to them. */
  private static final class LoopShare implements Runnable {
    private final Executor loop;
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final Queue<Delivery> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LoopShare(Executor loop) {
      this.loop = loop;
    }

    void offer(Delivery d) {
      waiting.offer(d);
      schedule();
    }

    private void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        loop.execute(this);
      }
    }

    /** On the loop: writes what is waiting, in runs of consecutive posts. */
    @Override
    public void run() {
      scheduled.set(false);
      List<Delivery> run = new ArrayList<>();
      int bytes = 0;
      for (int taken = 0; taken < POSTS_PER_TASK; taken++) {
        Delivery d = waiting.poll();
        if (d == null) {
          break;
        }
        if (!run.isEmpty()
            && (d.seq() != run.get(run.size() - 1).seq() + 1
                || run.size() == RUN_POSTS
                || bytes + d.frame().length > RUN_BYTES)) {
          deliver(run, bytes);
          run = new ArrayList<>();
          bytes = 0;
        }
        run.add(d);
        bytes += d.frame().length;
      }
      if (!run.isEmpty()) {
        deliver(run, bytes);
      }
      if (!waiting.isEmpty()) {
        schedule();
      }
    }

    /** A single post goes as itself (framed once, on first use); a longer run is framed here. */
    private void deliver(List<Delivery> run, int bytes) {
      ByteBuf wire =
          run.size() == 1
              ? null
              : WebSocketWire.shared(run.stream().map(Delivery::frame).toList(), bytes);
      for (Subscription s : subscribers) {
        if (s.isClosed()) {
          subscribers.remove(s);
        } else if (wire == null) {
          s.publish(run.get(0));
        } else {
          s.publish(run, wire);
        }
      }
    }
  }
}
