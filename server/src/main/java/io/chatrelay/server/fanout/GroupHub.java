package io.chatrelay.server.fanout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The live subscribers of one group at this process. {@link #publish} is called by the group's post
 * pipeline, one post at a time in sequence order, and writes the shared frame to each.
 *
 * <p>Subscribers are kept by their connection's event loop, and each loop is handed one task per
 * post that writes to all of its subscribers there: the publishing thread does one hand-off per
 * loop instead of one per subscriber, the writes are spread over the loops (cores), and each is
 * made on the connection's own thread. A loop runs its tasks in order, so each subscriber still
 * sees posts in sequence order.
 */
public final class GroupHub {
  private final Map<Executor, List<Subscription>> byLoop = new ConcurrentHashMap<>();

  public void add(Subscription s) {
    byLoop.computeIfAbsent(s.session().loop(), l -> new CopyOnWriteArrayList<>()).add(s);
  }

  public void remove(Subscription s) {
    List<Subscription> list = byLoop.get(s.session().loop());
    if (list != null) {
      list.remove(s);
    }
  }

  public int size() {
    int n = 0;
    for (List<Subscription> list : byLoop.values()) {
      n += list.size();
    }
    return n;
  }

  /**
   * Delivers a committed post to every subscriber, on their event loops; returns how many
   * subscribers it was handed to.
   */
  public int publish(Delivery d) {
    int n = 0;
    for (Map.Entry<Executor, List<Subscription>> e : byLoop.entrySet()) {
      List<Subscription> list = e.getValue();
      if (list.isEmpty()) {
        continue;
      }
      n += list.size();
      e.getKey().execute(() -> deliver(list, d));
    }
    return n;
  }

  private static void deliver(List<Subscription> list, Delivery d) {
    for (Subscription s : list) {
      if (s.isClosed()) {
        list.remove(s);
        continue;
      }
      s.publish(d);
    }
  }
}
