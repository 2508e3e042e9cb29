package io.chatrelay.server.post;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.Posted;
import io.chatrelay.server.fanout.Delivery;
import io.chatrelay.server.fanout.DeliveryFrames;
import io.chatrelay.server.fanout.GroupHub;
import io.chatrelay.server.limits.Retry;
import io.chatrelay.server.limits.TokenBucket;
import io.chatrelay.server.metrics.RelayMetrics;
import io.chatrelay.server.transport.RelaySession;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.post.NewPost;
import io.chatrelay.store.post.PostReceipt;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The posts of one group: bounded intake, rate limit, batched storage under the next sequence
 * numbers, then fan-out to the group's live subscribers.
 *
 * <p>One batch is stored at a time, so sequence numbers follow arrival order and posts are
 * published in sequence order. A post is answered {@code POSTED} only after it is committed, and
 * published only then. A full queue or an exceeded rate answers {@code BUSY} to that group's
 * senders only.
 */
public final class PostPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostPipeline.class);

  /** Refused: queue full or rate exceeded. */
  public static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterMs;

    Busy(long retryAfterMs, String why) {
      super(why, null, false, false);
      this.retryAfterMs = retryAfterMs;
    }

    public long retryAfterMs() {
      return retryAfterMs;
    }
  }

  /** A verified post waiting to be stored, and who to answer. */
  public record Task(RelaySession session, byte[] corrId, Post post) {}

  private final byte[] groupId;
  private final byte[] addressId;
  private final RelayStore store;
  private final RelayMetrics metrics;
  private final GroupHub hub;
  private final TokenBucket rate;

  /**
   * A second of the group's post rate may come at once: an owner may publish a backlog (a few
   * hundred posts pipelined), and posts come from a group's few writers, not from a crowd.
   */
  static final Duration RATE_BURST = Duration.ofSeconds(1);

  /** The shortest wait told to a publisher over the group's post rate. */
  static final Duration RATE_MIN_RETRY = Duration.ofMillis(250);

  private final AtomicLong head;
  private final BiFunction<byte[], List<Task>, Mono<List<Optional<byte[]>>>> certificates;
  private final BiConsumer<Task, Throwable> onError;
  private final BiConsumer<Long, Long> onStored;
  private final Sinks.Many<Task> intake;
  private final Disposable subscription;
  private final Sinks.Empty<Void> finished = Sinks.empty();

  /**
   * @param head the group's last stored sequence number
   * @param certificates the member certificate (encoded) to attach to each task's post, if any
   * @param onError answers a task whose storage failed
   * @param onStored told the first and last sequence numbers of each stored batch (other instances
   *     learn of them through it)
   */
  public PostPipeline(
      byte[] groupId,
      byte[] addressId,
      long head,
      int queueLimit,
      int perSecond,
      RelayStore store,
      RelayMetrics metrics,
      GroupHub hub,
      BiFunction<byte[], List<Task>, Mono<List<Optional<byte[]>>>> certificates,
      BiConsumer<Task, Throwable> onError,
      BiConsumer<Long, Long> onStored) {
    this.onStored = onStored;
    this.groupId = groupId.clone();
    this.addressId = addressId.clone();
    this.store = store;
    this.metrics = metrics;
    this.hub = hub;
    this.rate = new TokenBucket(perSecond, RATE_BURST, RATE_MIN_RETRY, System.nanoTime());
    this.head = new AtomicLong(head);
    this.certificates = certificates;
    this.onError = onError;
    this.intake = Sinks.many().unicast().onBackpressureBuffer(Queues.<Task>get(queueLimit).get());
    this.subscription =
        intake
            .asFlux()
            .bufferTimeout(128, Duration.ofMillis(1), true)
            .concatMap(this::store, 1)
            .doFinally(s -> finished.tryEmitEmpty())
            .subscribe(
                null,
                e -> log.error("{} post pipeline stopped", Bytes.of(addressId).toBase64Url(), e));
  }

  /** The last sequence number stored for the group (by this instance, or known from others). */
  public long head() {
    return head.get();
  }

  /** Another instance stored posts up to {@code seq}. */
  public void advanceHead(long seq) {
    head.accumulateAndGet(seq, Math::max);
  }

  public GroupHub hub() {
    return hub;
  }

  public byte[] addressId() {
    return addressId.clone();
  }

  /**
   * Queues a verified post.
   *
   * @throws Busy if the group's rate is exceeded or its queue is full
   */
  public void submit(Task task) {
    long wait = rate.tryTake(System.nanoTime());
    if (wait > 0) {
      metrics.postRefused(RelayMetrics.PostRefusal.RATE);
      throw new Busy(wait, "this group's post rate is exceeded");
    }
    Sinks.EmitResult r;
    do {
      r = intake.tryEmitNext(task);
    } while (r == Sinks.EmitResult.FAIL_NON_SERIALIZED);
    if (r == Sinks.EmitResult.FAIL_OVERFLOW) {
      metrics.postRefused(RelayMetrics.PostRefusal.QUEUE);
      throw new Busy(100, "this group's post queue is full");
    }
    if (r.isFailure()) {
      throw new Busy(Retry.SHUTTING_DOWN_MS, "this group's post pipeline is closed");
    }
  }

  private Mono<Void> store(List<Task> batch) {
    List<NewPost> posts =
        batch.stream()
            .map(t -> new NewPost(t.post().postId(), t.post().author().bytes(), t.post().encode()))
            .toList();
    long started = System.nanoTime();
    return store
        .posts()
        .append(groupId, posts)
        .collectList()
        .zipWith(certificates.apply(groupId, batch))
        .doOnNext(
            stored -> {
              metrics
                  .storeLatency("post_append")
                  .record(Duration.ofNanos(System.nanoTime() - started));
              List<PostReceipt> receipts = stored.getT1();
              List<Optional<byte[]>> certs = stored.getT2();
              long first = Long.MAX_VALUE;
              long last = 0;
              for (int i = 0; i < batch.size(); i++) {
                Task t = batch.get(i);
                PostReceipt r = receipts.get(i);
                t.session().reply(t.corrId(), new Posted(r.seq(), Bytes.of(r.postId())));
                if (r.duplicate()) {
                  continue;
                }
                metrics.counter(RelayMetrics.POSTS_ACCEPTED).increment();
                head.accumulateAndGet(r.seq(), Math::max);
                byte[] frame =
                    DeliveryFrames.encode(
                        MessageCodec.SUPPORTED.max(),
                        addressId,
                        r.seq(),
                        posts.get(i).post(),
                        certs.get(i));
                int delivered = hub.publish(Delivery.live(r.seq(), frame));
                metrics.counter(RelayMetrics.DELIVERIES).increment(delivered);
                first = Math.min(first, r.seq());
                last = Math.max(last, r.seq());
              }
              if (last > 0) {
                onStored.accept(first, last);
              }
            })
        .onErrorResume(
            e -> {
              batch.forEach(t -> onError.accept(t, e));
              return Mono.empty();
            })
        .then();
  }

  /**
   * Takes no more posts (a later {@link #submit} is answered {@link Busy}) and completes once the
   * posts already queued are stored and answered: a graceful shutdown's in-flight posts end
   * answered, not cut off mid-transaction.
   */
  public Mono<Void> drain() {
    // A submit emitting at this moment makes the completion fail as non-serialized: try again.
    intake.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
    return finished.asMono();
  }

  /** Stops at once: a batch in flight is cancelled (its transaction commits or rolls back). */
  @Override
  public void close() {
    intake.tryEmitComplete();
    subscription.dispose();
  }
}
