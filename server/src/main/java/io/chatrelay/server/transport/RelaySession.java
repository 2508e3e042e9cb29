package io.chatrelay.server.transport;

import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.ErrorMessage;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.RelayMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One client connection: its handshake state and its bounded outbound queue.
 *
 * <p>Everything sent to the client goes through this session: responses and pushed events alike.
 * The queue holds at most {@code outboundLimit} frames not yet written to the socket; a client that
 * reads slower than that is disconnected with {@code ERR SLOW_CONSUMER} (it resumes from its last
 * sequence number on a new connection), so memory stays bounded whatever readers do. Frames are
 * {@link ByteBuf}s: a delivery encoded once is shared by all its subscribers (each gets a retained
 * duplicate), and frames dropped on close are released.
 */
public final class RelaySession {
  private static final Logger log = LoggerFactory.getLogger(RelaySession.class);

  /** Where the connection is in its life. */
  public enum State {
    AWAIT_HELLO,
    READY,
    CLOSED
  }

  private final String id;
  private final String remoteAddress;
  private final int outboundLimit;
  private final Sinks.Many<ByteBuf> outbound =
      Sinks.many().unicast().onBackpressureBuffer(Queues.<ByteBuf>unboundedMultiproducer().get());
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean slow = new AtomicBoolean();
  private final Disposable.Composite resources = Disposables.composite();
  private final Runnable onSlowConsumer;
  private volatile State state = State.AWAIT_HELLO;
  private volatile int version = 1;
  private volatile byte[] serverNonce = new byte[0];

  public RelaySession(String id, String remoteAddress, int outboundLimit, Runnable onSlowConsumer) {
    this.id = id;
    this.remoteAddress = remoteAddress;
    this.outboundLimit = outboundLimit;
    this.onSlowConsumer = onSlowConsumer;
  }

  public String id() {
    return id;
  }

  private volatile java.util.concurrent.Executor loop = Runnable::run;

  /** Ties the session to its connection's event loop, where fan-out writes to it are made. */
  public void bindTo(java.util.concurrent.Executor eventLoop) {
    this.loop = eventLoop;
  }

  /** The connection's event loop (the caller's thread until {@link #bindTo} was called). */
  public java.util.concurrent.Executor loop() {
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

  /** Frames to write, in order; each written frame frees one place in the queue. */
  Flux<ByteBuf> outbound() {
    return outbound.asFlux().doOnNext(b -> queued.decrementAndGet());
  }

  /** Sends a response to the request with {@code corrId}. */
  public void reply(byte[] corrId, RelayMessage message) {
    sendOwned(Unpooled.wrappedBuffer(MessageCodec.encode(new Frame(version, corrId, message))));
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
   * Queues an encoded frame shared by many sessions (a fan-out delivery): the same bytes are
   * written to each, never copied or re-encoded per subscriber.
   *
   * @return false if the session is closed or was just closed as a slow consumer
   */
  public boolean pushShared(byte[] encodedFrame) {
    return sendOwned(Unpooled.wrappedBuffer(encodedFrame));
  }

  /** Group subscriptions open on this connection. */
  public int subscriptions() {
    return subscriptions.get();
  }

  public void addSubscription() {
    subscriptions.incrementAndGet();
  }

  /** Frames queued and not yet written to the socket. */
  public int queued() {
    return queued.get();
  }

  /**
   * Completes once at most {@code atMost} frames wait to be written (or the session closed): a
   * producer of many frames (catch-up, a log read) waits on it between pages, so the socket, not
   * the outbound limit, paces it.
   */
  public reactor.core.publisher.Mono<Void> drained(int atMost) {
    if (queued.get() <= atMost || closed.get()) {
      return reactor.core.publisher.Mono.empty();
    }
    return reactor.core.publisher.Mono.delay(java.time.Duration.ofMillis(2))
        .repeat(() -> queued.get() > atMost && !closed.get())
        .then();
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
    if (!closed.get() && slow.compareAndSet(false, true)) {
      log.info("{} slow consumer ({}): disconnecting", id, why);
      onSlowConsumer.run();
    }
  }

  private boolean sendOwned(ByteBuf buf) {
    if (closed.get()) {
      buf.release();
      return false;
    }
    if (queued.incrementAndGet() > outboundLimit) {
      queued.decrementAndGet();
      buf.release();
      slowConsumer(outboundLimit + " frames unread");
      return false;
    }
    // Concurrent senders (store callbacks, fan-out) serialize on the sink; a failure other than
    // contention means the session closed meanwhile, and the frame is released.
    Sinks.EmitResult r;
    do {
      r = outbound.tryEmitNext(buf);
    } while (r == Sinks.EmitResult.FAIL_NON_SERIALIZED);
    if (r.isFailure()) {
      queued.decrementAndGet();
      buf.release();
      return false;
    }
    return true;
  }

  /** Ties a resource (a subscription stream, a log follower) to this session's life. */
  public void hold(Disposable resource) {
    if (closed.get()) {
      resource.dispose();
    } else {
      resources.add(resource);
    }
  }

  public void release(Disposable resource) {
    resources.remove(resource);
  }

  /** Idempotent: stops streams and completes the outbound queue. */
  public void close() {
    if (closed.compareAndSet(false, true)) {
      state = State.CLOSED;
      resources.dispose();
      outbound.tryEmitComplete();
    }
  }

  public boolean isClosed() {
    return closed.get();
  }
}
