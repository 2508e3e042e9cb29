package io.chatrelay.server.limits;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Runs the relay's signature checks on a fixed set of threads, one lane per group, the lanes taking
 * turns: each thread takes the next check of the next lane that has one. A group flooded with joins
 * or posts has a long lane, but a check of any other group waits at most one turn of each busy lane
 * (about one check each), not behind the whole flood. Within a lane, checks start in the order they
 * were submitted.
 *
 * <p>A check whose subscriber cancelled before it started (its connection closed) is skipped.
 */
public final class CheckLanes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CheckLanes.class);
  private final Map<Object, ArrayDeque<Check<?>>> lanes = new HashMap<>();

  /** Lanes with checks waiting, in turn order; each appears once. */
  private final ArrayDeque<Object> turns = new ArrayDeque<>();

  private final Thread[] threads;
  private boolean closed;

  /** Starts {@code threads} daemon threads named {@code name-1}, {@code name-2}, … */
  public CheckLanes(String name, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    this.threads = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::work, name + "-" + (i + 1));
      t.setDaemon(true);
      this.threads[i] = t;
      t.start();
    }
  }

  /**
   * Runs {@code check} in {@code lane} (any key with equals and hashCode: a group's id); emits its
   * result, or its exception as an error. After {@link #close}, fails with {@link
   * IllegalStateException}.
   */
  public <T> Mono<T> run(Object lane, Callable<T> check) {
    return Mono.create(
        sink -> {
          Check<T> c = new Check<>(check, sink);
          sink.onCancel(() -> c.cancelled.set(true));
          if (!submit(lane, c)) {
            sink.error(new IllegalStateException("the relay is stopping"));
          }
        });
  }

  private synchronized boolean submit(Object lane, Check<?> check) {
    if (closed) {
      return false;
    }
    ArrayDeque<Check<?>> q = lanes.get(lane);
    if (q == null) {
      q = new ArrayDeque<>();
      lanes.put(lane, q);
      turns.addLast(lane);
    }
    q.addLast(check);
    notify();
    return true;
  }

  /** The first check of the lane whose turn it is; that lane goes to the back of the turns. */
  private synchronized Check<?> next() throws InterruptedException {
    while (turns.isEmpty()) {
      if (closed) {
        return null;
      }
      wait();
    }
    Object lane = turns.pollFirst();
    ArrayDeque<Check<?>> q = lanes.get(lane);
    Check<?> check = q.pollFirst();
    if (q.isEmpty()) {
      lanes.remove(lane);
    } else {
      turns.addLast(lane);
    }
    return check;
  }

  private void work() {
    try {
      for (Check<?> c = next(); c != null; c = next()) {
        try {
          c.run();
        } catch (Throwable t) {
          // Thrown by what runs after the check (its subscriber): the thread serves on.
          log.error("a signature check's subscriber failed", t);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Checks waiting to start, in all lanes. */
  synchronized int waiting() {
    int n = 0;
    for (ArrayDeque<Check<?>> q : lanes.values()) {
      n += q.size();
    }
    return n;
  }

  /** Refuses new checks; those waiting fail, the threads end once their current check is done. */
  @Override
  public void close() {
    List<Check<?>> dropped = new ArrayList<>();
    synchronized (this) {
      closed = true;
      lanes.values().forEach(dropped::addAll);
      lanes.clear();
      turns.clear();
      notifyAll();
    }
    dropped.forEach(c -> c.sink.error(new IllegalStateException("the relay is stopping")));
  }

  private static final class Check<T> {
    private final Callable<T> body;
    private final MonoSink<T> sink;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    Check(Callable<T> body, MonoSink<T> sink) {
      this.body = body;
      this.sink = sink;
    }

    void run() {
      if (cancelled.get()) {
        return;
      }
      T result;
      try {
        result = body.call();
      } catch (Throwable t) {
        sink.error(t);
        return;
      }
      sink.success(result);
    }
  }
}
