package io.chatrelay.server.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.server.testing.ClientDecoder;
import io.chatrelay.server.transport.RelaySession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Posts published faster than a loop writes them reach each subscriber in runs, one write each, and
 * the client reads exactly the posts it would have read one by one, in order, once each.
 */
class GroupHubTest {
  private final AtomicLong catchUps = new AtomicLong();
  private final AtomicInteger framesSent = new AtomicInteger();

  /** One connection: a channel whose event loop runs tasks when the test says so. */
  private final class Reader {
    final EmbeddedChannel channel = new EmbeddedChannel();
    final RelaySession session =
        new RelaySession("c", "test", 1024, channel, framesSent::addAndGet, () -> {});

    Subscription subscribe(GroupHub hub, long from, boolean live) {
      Subscription s = new Subscription(session, from, 1000, sub -> catchUps.incrementAndGet());
      if (live) {
        assertThat(s.caughtUp()).isTrue();
      }
      hub.add(s);
      return s;
    }

    /** Runs the loop's tasks; returns the writes made and the sequence numbers they carried. */
    List<List<Long>> writes() {
      channel.runPendingTasks();
      List<List<Long>> writes = new ArrayList<>();
      for (Object o; (o = channel.readOutbound()) != null; ) {
        writes.add(
            ClientDecoder.messages((ByteBuf) o).stream()
                .map(m -> ByteBuffer.wrap(m).getLong())
                .toList());
      }
      return writes;
    }
  }

  /** A stand-in for a DELIVER frame: its sequence number, then some bytes. */
  private static Delivery post(long seq) {
    return Delivery.live(seq, ByteBuffer.allocate(200).putLong(seq).array());
  }

  private static List<Long> flat(List<List<Long>> writes) {
    return writes.stream().flatMap(List::stream).toList();
  }

  private static List<Long> range(long from, long to) {
    List<Long> l = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      l.add(s);
    }
    return l;
  }

  @Test
  void postsWaitingForTheLoopGoOutAsRunsInOneWriteEach() {
    GroupHub hub = new GroupHub();
    Reader a = new Reader();
    Reader b = new Reader();
    a.subscribe(hub, 1, true);
    b.subscribe(hub, 1, true);
    for (long seq = 1; seq <= 150; seq++) {
      assertThat(hub.publish(post(seq))).isEqualTo(2);
    }
    for (Reader r : List.of(a, b)) {
      List<List<Long>> writes = r.writes();
      // 150 posts waited: runs of at most 64 posts, one write each, in order.
      assertThat(writes).hasSize(3);
      assertThat(writes.get(0)).hasSize(GroupHub.RUN_POSTS);
      assertThat(flat(writes)).containsExactlyElementsOf(range(1, 150));
    }
    assertThat(framesSent).hasValue(300);

    // The loop caught up: the next post goes out alone, as soon as its task runs.
    hub.publish(post(151));
    assertThat(a.writes()).containsExactly(List.of(151L));
  }

  @Test
  void aSubscriberNotExpectingTheRunsFirstPostTakesItPostByPost() {
    GroupHub hub = new GroupHub();
    Reader r = new Reader();
    r.subscribe(hub, 5, true); // live, expecting post 5 (1 to 4 already sent from the store)
    for (long seq = 1; seq <= 10; seq++) {
      hub.publish(post(seq));
    }
    List<List<Long>> writes = r.writes();
    assertThat(flat(writes)).containsExactlyElementsOf(range(5, 10));
    assertThat(writes).allSatisfy(w -> assertThat(w).hasSize(1));
  }

  @Test
  void aRunBeyondTheNextPostSendsTheSubscriberBackToTheStore() {
    GroupHub hub = new GroupHub();
    Reader r = new Reader();
    Subscription s = r.subscribe(hub, 1, true);
    for (long seq = 3; seq <= 6; seq++) { // 1 and 2 were published on another instance
      hub.publish(post(seq));
    }
    assertThat(r.writes()).isEmpty();
    assertThat(catchUps).hasValue(1);
    assertThat(s.next()).isEqualTo(1);
    // The store supplies 1 and 2; the buffered live posts follow.
    s.stored(Delivery.stored(1, ByteBuffer.allocate(200).putLong(1).array()));
    s.stored(Delivery.stored(2, ByteBuffer.allocate(200).putLong(2).array()));
    assertThat(s.caughtUp()).isTrue();
    assertThat(flat(r.writes())).containsExactlyElementsOf(range(1, 6));
  }

  @Test
  void aGapInTheQueueEndsTheRun() {
    GroupHub hub = new GroupHub();
    Reader r = new Reader();
    r.subscribe(hub, 1, true);
    for (long seq : new long[] {1, 2, 3, 5, 6}) {
      hub.publish(post(seq));
    }
    List<List<Long>> writes = r.writes();
    assertThat(writes.get(0)).containsExactly(1L, 2L, 3L);
    // 5 is beyond the next expected post (4): back to the store, nothing written out of order.
    assertThat(flat(writes)).containsExactly(1L, 2L, 3L);
    assertThat(catchUps).hasValue(1);
  }

  @Test
  void closedSubscribersAreDroppedAndGetNothing() {
    GroupHub hub = new GroupHub();
    Reader open = new Reader();
    Reader gone = new Reader();
    open.subscribe(hub, 1, true);
    Subscription closed = gone.subscribe(hub, 1, true);
    closed.close();
    hub.publish(post(1));
    hub.publish(post(2));
    assertThat(flat(open.writes())).containsExactly(1L, 2L);
    assertThat(gone.writes()).isEmpty();
    assertThat(hub.size()).isEqualTo(1);
  }
}
