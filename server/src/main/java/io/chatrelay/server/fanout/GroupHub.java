package io.chatrelay.server.fanout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live subscribers of one group at this process. {@link #publish} is called by the group's post
 * pipeline, one post at a time in sequence order, and writes the shared frame to each.
 */
public final class GroupHub {
  private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();

  public void add(Subscription s) {
    subscribers.add(s);
  }

  public void remove(Subscription s) {
    subscribers.remove(s);
  }

  public int size() {
    return subscribers.size();
  }

  /** Delivers a committed post to every subscriber; returns how many were written to. */
  public int publish(Delivery d) {
    int n = 0;
    for (Subscription s : subscribers) {
      if (s.isClosed()) {
        subscribers.remove(s);
        continue;
      }
      s.publish(d);
      n++;
    }
    return n;
  }
}
