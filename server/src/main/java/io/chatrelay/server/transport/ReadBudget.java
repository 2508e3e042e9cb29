package io.chatrelay.server.transport;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Bounds the bytes of one connection's frames taken in and not yet handled: the connection's next
 * frame is read only when those before it leave room for it, or when none are waiting. Pipelined
 * requests are taken in many at once (their signatures checked in parallel), so without this a
 * client sending large frames could make the relay hold {@code limits.pipelined-requests} of them;
 * with it, a connection holds at most the budget plus the frame waiting for room.
 *
 * <p>One frame at a time asks for room ({@link #take} is called in the connection's order); any
 * thread gives it back.
 */
final class ReadBudget {
  private final int limit;
  private long held;
  private int frames;
  private MonoSink<Void> waiting;
  private long wanted;

  ReadBudget(int limit) {
    this.limit = limit;
  }

  /** Completes when {@code bytes} more may be held; nothing else is read meanwhile. */
  Mono<Void> take(long bytes) {
    return Mono.create(
        sink -> {
          boolean now;
          synchronized (this) {
            now = fits(bytes);
            if (now) {
              held += bytes;
              frames++;
            } else {
              waiting = sink;
              wanted = bytes;
            }
          }
          if (now) {
            sink.success();
          }
        });
  }

  /** A frame of {@code bytes} was handled. */
  void give(long bytes) {
    MonoSink<Void> wake = null;
    synchronized (this) {
      held -= bytes;
      frames--;
      if (waiting != null && fits(wanted)) {
        held += wanted;
        frames++;
        wake = waiting;
        waiting = null;
      }
    }
    if (wake != null) {
      wake.success();
    }
  }

  /** Frames taken in and not yet handled. */
  synchronized int frames() {
    return frames;
  }

  private boolean fits(long bytes) {
    return held == 0 || held + bytes <= limit;
  }
}
