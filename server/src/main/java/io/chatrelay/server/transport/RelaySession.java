package io.chatrelay.server.transport;

import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.ErrorMessage;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.RelayMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * One client connection: its handshake state and its bounded outbound queue.
 *
 * <p>Everything sent to the client goes through this session, responses and pushed events alike,
 * and is written straight to the connection's channel on its event loop: a frame sent from the
 * event loop is written at once, one sent from another thread (a store callback) is handed to the
 * loop, and the loop's task queue keeps the order. Deliveries are framed once and the same bytes
 * are written to every subscriber ({@link WebSocketWire#shared}).
 *
 * <p>At most {@code outboundLimit} writes wait for the client to read them (in Netty's outbound
 * buffer), each a frame or a run of consecutive deliveries written together; a client that reads
 * slower than that is disconnected as a slow consumer (it resumes from its last sequence number on
 * a new connection), so memory stays bounded whatever readers do. Writes still on their way to the
 * event loop are not the client's doing (the loop is busy) and do not count against it: a
 * publisher's acknowledgements, sent from the store's thread in batches, would otherwise get it
 * disconnected when this relay's own loop falls behind. They are bounded where they are made (a
 * group's queues) and each is counted once the loop writes it. A waiting delivery costs the
 * connection a small view of bytes shared with every other subscriber.
 */
public final class RelaySession {
  private static final Logger log = LoggerFactory.getLogger(RelaySession.class);
  private static final Duration DRAIN_POLL = Duration.ofMillis(2);

  /** Where the connection is in its life. */
  public enum State {
    AWAIT_HELLO,
    READY,
    CLOSED
  }

  private final String id;
  private final String remoteAddress;
  private final int outboundLimit;
  private final Channel channel;
  private final EventLoop loop;
  private final IntConsumer onSent;
  private final Runnable onSlowConsumer;

  // Counters and flags as plain volatile fields updated atomically: a connection holds them for
  // its whole life, and tens of thousands of idle connections hold little else of their own.
  private static final AtomicIntegerFieldUpdater<RelaySession> IN_TRANSIT =
      AtomicIntegerFieldUpdater.newUpdater(RelaySession.class, "inTransit");
  private static final AtomicIntegerFieldUpdater<RelaySession> SUBSCRIPTIONS =
      AtomicIntegerFieldUpdater.newUpdater(RelaySession.class, "subscriptions");
  private static final AtomicIntegerFieldUpdater<RelaySession> CLOSED =
      AtomicIntegerFieldUpdater.newUpdater(RelaySession.class, "closed");
  private static final AtomicIntegerFieldUpdater<RelaySession> SLOW =
      AtomicIntegerFieldUpdater.newUpdater(RelaySession.class, "slow");

  /** Frames handed to the event loop from other threads and not yet written. */
  private volatile int inTransit;

  private volatile int subscriptions;
  private volatile int closed;
  private volatile int slow;
  private final Disposable.Composite resources = Disposables.composite();
  private final long opened = System.nanoTime();
  private volatile long lastHeard = opened;
  private volatile State state = State.AWAIT_HELLO;
  private volatile int version = 1;
  private volatile byte[] serverNonce = new byte[0];

  /**
   * Until when (nanoTime) the connection is not read, after a {@code BUSY}; see {@link #holdOff}.
   */
  private volatile long heldUntil = opened;

  private static final AtomicReferenceFieldUpdater<RelaySession, String> CLOSE_REASON =
      AtomicReferenceFieldUpdater.newUpdater(RelaySession.class, String.class, "closeReason");

  /** Why the connection ends, once known (for the log): the first reason recorded stays. */
  private volatile String closeReason;

  /**
   * @param channel the connection's channel, after the WebSocket handshake
   * @param onSent told how many frames each write carried (metrics)
   * @param onSlowConsumer closes the connection, once, when its reader fell too far behind
   */
  public RelaySession(
      String id,
      String remoteAddress,
      int outboundLimit,
      Channel channel,
      IntConsumer onSent,
      Runnable onSlowConsumer) {
    this.id = id;
    this.remoteAddress = remoteAddress;
    this.outboundLimit = outboundLimit;
    this.channel = channel;
    this.loop = channel.eventLoop();
    this.onSent = onSent;
    this.onSlowConsumer = onSlowConsumer;
  }

  public String id() {
    return id;
  }

  /** The connection's event loop, where writes to it are made. */
  public Executor loop() {
    return loop;
  }

  public String remoteAddress() {
    return remoteAddress;
  }

  public State state() {
    return state;
  }

  public int version() {
    return version;
  }

  public byte[] serverNonce() {
    return serverNonce.clone();
  }

  void ready(int negotiatedVersion, byte[] nonce) {
    this.version = negotiatedVersion;
    this.serverNonce = nonce.clone();
    this.state = State.READY;
  }

  /** A frame arrived from the client (passes it on). */
  byte[] heard(byte[] frame) {
    lastHeard = System.nanoTime();
    return frame;
  }

  /**
   * Pushes back on a sender told {@code BUSY}: the connection's next request waits {@code
   * retryAfterMs}, and its socket is not read meanwhile beyond the frames already taken in. A frame
   * read before the end of the previous hold (taken in ahead of it) answers {@code BUSY} without
   * holding again, so a window of pipelined frames costs one hold, not one per frame.
   *
   * @param readAt when the refused frame was read (nanoTime)
   * @return completes when the connection may go on
   */
  public Mono<Void> holdOff(long readAt, long retryAfterMs) {
    if (retryAfterMs <= 0 || readAt - heldUntil < 0) {
      return Mono.empty();
    }
    heldUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryAfterMs);
    return Mono.delay(Duration.ofMillis(retryAfterMs)).then();
  }

  /**
   * Why the connection should be closed for silence at {@code now}, or null: no HELLO completed
   * within {@code handshake} of opening, or nothing heard for {@code idle}.
   */
  String silence(long now, Duration handshake, Duration idle) {
    if (state == State.AWAIT_HELLO && now - opened > handshake.toNanos()) {
      return "no HELLO in time";
    }
    if (state == State.READY && now - lastHeard > idle.toNanos()) {
      return "idle";
    }
    return null;
  }

  /** Sends a response to the request with {@code corrId}. */
  public void reply(byte[] corrId, RelayMessage message) {
    send(MessageCodec.encode(new Frame(version, corrId, message)), 1);
  }

  /** Sends an error response; nothing was applied. */
  public void error(byte[] corrId, ErrorCode code, long retryAfterMs, String text) {
    reply(corrId, new ErrorMessage(code, retryAfterMs, text));
  }

  /** Pushes an event (no correlation id). */
  public void push(RelayMessage message) {
    reply(new byte[0], message);
  }

  /**
   * Sends frames shared by many sessions (fan-out deliveries), already framed for the wire by
   * {@link WebSocketWire#shared}: the same bytes are written to each, never copied or re-encoded
   * per subscriber.
   *
   * @param frames how many frames {@code sharedWire} holds
   * @return false if the session is closed or was just closed as a slow consumer
   */
  public boolean pushShared(ByteBuf sharedWire, int frames) {
    return send(sharedWire, frames);
  }

  /** Sends an encoded frame that only this session writes. */
  public boolean pushOwned(byte[] encodedFrame) {
    return send(encodedFrame, 1);
  }

  /** Group subscriptions open on this connection. */
  public int subscriptions() {
    return subscriptions;
  }

  public void addSubscription() {
    SUBSCRIPTIONS.incrementAndGet(this);
  }

  /**
   * Completes once at most {@code atMost} frames wait to be written (or the session closed): a
   * producer of many frames (catch-up, a log read) waits on it between pages, so the socket, not
   * the outbound limit, paces it. The count is read on the event loop.
   */
  public Mono<Void> drained(int atMost) {
    if (closed != 0) {
      return Mono.empty();
    }
    return Mono.create(sink -> onLoop(() -> checkDrained(sink, atMost), sink));
  }

  /** Records why the connection ends, unless a reason is recorded already; true if this one is. */
  boolean endsBecause(String why) {
    return CLOSE_REASON.compareAndSet(this, null, why);
  }

  /** Why the connection ended, or null while no reason is recorded. */
  String closeReason() {
    return closeReason;
  }

  private void checkDrained(MonoSink<Void> sink, int atMost) {
    if (closed != 0 || backlog() <= atMost) {
      sink.success();
    } else {
      try {
        loop.schedule(() -> checkDrained(sink, atMost), DRAIN_POLL.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        sink.success(); // the loop is shutting down: so is the connection
      }
    }
  }

  private void onLoop(Runnable task, MonoSink<Void> sink) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      sink.success();
    }
  }

  /** Frames not yet written to the socket (on the event loop only). */
  private int backlog() {
    ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
    return (pending == null ? 0 : pending.size()) + inTransit;
  }

  /** Half the outbound limit: how far a paced producer fills the queue. */
  public int pacedLimit() {
    return Math.max(1, outboundLimit / 2);
  }

  /**
   * Closes this session as a slow consumer (its reader fell too far behind), once: concurrent
   * senders may all find the queue full, and the connection is logged and counted only once.
   *
   * @param why what overflowed, for the log line
   */
  public void slowConsumer(String why) {
    if (closed == 0 && SLOW.compareAndSet(this, 0, 1)) {
      log.info("{} slow consumer ({}): disconnecting", id, why);
      onSlowConsumer.run();
    }
  }

  /**
   * Writes a frame ({@code byte[]}: an encoded frame this session owns; {@link ByteBuf}: a shared
   * wire message) on the event loop: at once when called there and nothing sent from elsewhere is
   * still on its way (which keeps the order), otherwise as a task of the loop.
   */
  private boolean send(Object frame, int frames) {
    if (closed != 0) {
      return false;
    }
    if (loop.inEventLoop() && inTransit == 0) {
      return write(frame, frames);
    }
    // Not counted against the reader: a write on its way waits for this relay's own event loop,
    // not for the client, and is counted when the loop writes it.
    IN_TRANSIT.incrementAndGet(this);
    loop.execute(
        () -> {
          IN_TRANSIT.decrementAndGet(this);
          write(frame, frames);
        });
    return true;
  }

  private boolean write(Object frame, int frames) {
    ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
    if (closed != 0 || pending == null || !channel.isActive()) {
      return false;
    }
    if (pending.size() >= outboundLimit) {
      return overflowed();
    }
    ByteBuf wire =
        frame instanceof ByteBuf shared
            ? WebSocketWire.view(shared)
            : WebSocketWire.owned(channel.alloc(), (byte[]) frame);
    // Flushes are consolidated (FlushConsolidationHandler): one write syscall per loop turn.
    channel.writeAndFlush(wire, channel.voidPromise());
    onSent.accept(frames);
    return true;
  }

  /** The outbound limit is reached: the reader fell too far behind. Always false (not sent). */
  private boolean overflowed() {
    slowConsumer(outboundLimit + " writes waiting");
    return false;
  }

  /** Ties a resource (a subscription stream, a log follower) to this session's life. */
  public void hold(Disposable resource) {
    if (closed != 0) {
      resource.dispose();
    } else {
      resources.add(resource);
    }
  }

  public void release(Disposable resource) {
    resources.remove(resource);
  }

  /** Idempotent: stops streams; frames still on their way to the socket are dropped. */
  public void close() {
    if (CLOSED.compareAndSet(this, 0, 1)) {
      state = State.CLOSED;
      resources.dispose();
    }
  }

  public boolean isClosed() {
    return closed != 0;
  }
}
