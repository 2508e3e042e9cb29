package io.chatrelay.server;

import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.MemberCertificate;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.message.Certify;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.Message;
import io.chatrelay.codec.message.Ok;
import io.chatrelay.codec.message.Publish;
import io.chatrelay.codec.message.Subscribe;
import io.chatrelay.codec.message.Subscribed;
import io.chatrelay.server.cluster.ClusterBus;
import io.chatrelay.server.cluster.ClusterEvent;
import io.chatrelay.server.config.RelayConfig;
import io.chatrelay.server.fanout.Delivery;
import io.chatrelay.server.fanout.DeliveryFrames;
import io.chatrelay.server.fanout.GroupHub;
import io.chatrelay.server.fanout.Subscription;
import io.chatrelay.server.join.JoinIntake;
import io.chatrelay.server.join.JoinWaiter;
import io.chatrelay.server.join.JoinWorkers;
import io.chatrelay.server.limits.CheckLanes;
import io.chatrelay.server.limits.Retry;
import io.chatrelay.server.metrics.RelayMetrics;
import io.chatrelay.server.onboarding.GroupDirectory;
import io.chatrelay.server.onboarding.Refusal;
import io.chatrelay.server.onboarding.ServedGroup;
import io.chatrelay.server.post.PostPipeline;
import io.chatrelay.server.transport.GroupRequests;
import io.chatrelay.server.transport.ProtocolHandler;
import io.chatrelay.server.transport.RelaySession;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.group.GroupState;
import io.chatrelay.store.join.Admission;
import io.chatrelay.store.join.JoinReceipt;
import io.chatrelay.store.join.JoinRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The member ↔ relay half of the protocol: joins, posts, subscriptions and member certificates,
 * each group with its own bounded pipelines (see {@link JoinIntake} and {@link PostPipeline}).
 */
public final class GroupPipelines implements GroupRequests, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupPipelines.class);
  private static final int PAGE = 256;

  private final RelayConfig config;
  private final RelayStore store;
  private final RelayMetrics metrics;
  private final GroupDirectory directory;
  private final CheckLanes crypto;
  private final JoinIntake intake;
  private final JoinWorkers workers;

  /** Post pipelines by group id. */
  private final Map<Bytes, PostPipeline> posts = new ConcurrentHashMap<>();

  /** Set by {@link #drain}, under the lock of {@link #posts}: no new post pipeline opens. */
  private volatile boolean draining;

  private final Map<Bytes, List<JoinWaiter>> joinWaiters = new ConcurrentHashMap<>();
  private final Map<Bytes, Map<Bytes, Optional<byte[]>>> certificates = new ConcurrentHashMap<>();
  private ProtocolHandler errors;
  private final ClusterBus bus;

  private GroupPipelines(
      RelayConfig config,
      RelayStore store,
      RelayMetrics metrics,
      GroupDirectory directory,
      CheckLanes crypto,
      ClusterBus bus) {
    this.bus = bus;
    this.config = config;
    this.store = store;
    this.metrics = metrics;
    // The codes join() and countRejections refuse a join with.
    metrics.expect(
        RelayMetrics.JOINS_REJECTED,
        "reason",
        Stream.of(
                ErrorCode.UNKNOWN_ADDRESS,
                ErrorCode.NOT_ACTIVE,
                ErrorCode.BUSY,
                ErrorCode.BAD_SIGNATURE)
            .map(Enum::name)
            .toList());
    this.directory = directory;
    this.crypto = crypto;
    String instance = "relay-" + UUID.randomUUID().toString().substring(0, 8);
    this.workers =
        new JoinWorkers(
            store,
            metrics,
            instance,
            2,
            this::admitted,
            groupId ->
                store.groups().address(groupId).map(a -> Bytes.of(a.addressId()).toBase64Url()));
    this.intake =
        new JoinIntake(
            store,
            metrics,
            config.limits().joinQueuePerGroup(),
            config.limits().joinsPerSecondPerGroup(),
            4,
            workers::wake);
    this.housekeeping =
        Flux.interval(Duration.ofSeconds(10), Duration.ofSeconds(10))
            .onBackpressureDrop()
            .concatMap(tick -> housekeeping(tick), 1)
            .subscribe();
    metrics.registry().gauge(RelayMetrics.JOINS_PENDING, pendingJoins);
    metrics.registry().gauge(RelayMetrics.JOINS_PARKED, parkedJoins);
  }

  private final AtomicLong pendingJoins = new AtomicLong();
  private final AtomicLong parkedJoins = new AtomicLong();
  private final Disposable housekeeping;

  /**
   * Every 10 s: the queue depth gauges; every minute: post retention for the groups this process
   * stores posts for (age and count bounds from the configuration) and the deletion of old admitted
   * join records.
   */
  private Mono<Void> housekeeping(long tick) {
    Mono<Void> depth =
        store
            .joins()
            .depth()
            .doOnNext(
                c -> {
                  pendingJoins.set(c.pending());
                  parkedJoins.set(c.parked());
                })
            .then();
    Mono<Void> groups = store.groups().count().doOnNext(metrics::setGroups).then();
    Mono<Void> retention = tick % 6 != 0 ? Mono.empty() : prune().then(purgeAdmittedJoins()).then();
    return depth
        .then(groups)
        .then(retention)
        .onErrorResume(
            e -> {
              log.warn("housekeeping failed: {}", e.toString());
              return Mono.empty();
            });
  }

  /** Applies post retention to the groups this process stores posts for; returns posts deleted. */
  public Mono<Long> prune() {
    if (config.retention().keepsEveryPost()) {
      return Mono.just(0L);
    }
    return Flux.fromIterable(posts.keySet())
        .concatMap(g -> store.posts().prune(g.toByteArray(), retention()))
        .reduce(0L, Long::sum)
        .doOnNext(n -> metrics.counter(RelayMetrics.POSTS_PRUNED).increment(n));
  }

  /** Rows deleted per statement by {@link #purgeAdmittedJoins}: each is a short transaction. */
  private static final int PURGE_ROWS = 5_000;

  /**
   * Deletes the admitted join records older than the configured retention (the members stay), a
   * bounded statement at a time until none is left; returns how many were deleted. On a shared
   * store every instance may run it: a row is deleted once, and a concurrent purge deletes fewer.
   */
  public Mono<Long> purgeAdmittedJoins() {
    Duration age = config.retention().admittedJoins();
    if (config.retention().keepsEveryAdmittedJoin()) {
      return Mono.just(0L);
    }
    return store
        .joins()
        .purgeAdmitted(age, PURGE_ROWS)
        .expand(n -> n < PURGE_ROWS ? Mono.empty() : store.joins().purgeAdmitted(age, PURGE_ROWS))
        .reduce(0L, Long::sum)
        .doOnNext(n -> metrics.counter(RelayMetrics.JOINS_PURGED).increment(n));
  }

  private io.chatrelay.store.post.PostRetention retention() {
    var r = config.retention();
    return new io.chatrelay.store.post.PostRetention(
        r.maxPostsPerGroup() == 0 ? OptionalLong.empty() : OptionalLong.of(r.maxPostsPerGroup()),
        r.maxAge().isZero() ? Optional.empty() : Optional.of(r.maxAge()));
  }

  public static GroupPipelines create(
      RelayConfig config,
      RelayStore store,
      RelayMetrics metrics,
      GroupDirectory directory,
      CheckLanes crypto,
      ClusterBus bus) {
    return new GroupPipelines(config, store, metrics, directory, crypto, bus);
  }

  /** What another instance did that matters here: posts to fan out, joins someone here awaits. */
  public void onClusterEvent(ClusterEvent e) {
    if (e instanceof ClusterEvent.PostsStored p) {
      storedElsewhere(p);
    } else if (e instanceof ClusterEvent.MemberAdmitted m) {
      notifyWaiters(m.groupId().toByteArray(), m.memberKey().toByteArray(), m.memberId());
    }
  }

  /** Posts stored by another instance: read them once and write them to local subscribers. */
  private void storedElsewhere(ClusterEvent.PostsStored e) {
    PostPipeline p = posts.get(e.groupId());
    if (p == null) {
      return;
    }
    p.advanceHead(e.toSeq());
    if (p.hub().size() == 0) {
      return;
    }
    // One read at a time per group, in event order: reads completing out of order would publish
    // posts out of order, and every subscriber that saw the gap would go back to the store.
    remoteStored
        .computeIfAbsent(
            e.groupId(),
            k -> {
              Sinks.Many<ClusterEvent.PostsStored> events =
                  Sinks.many().unicast().onBackpressureBuffer();
              remoteFanOut.add(
                  events.asFlux().concatMap(this::fanOutStoredElsewhere, 1).subscribe());
              return events;
            })
        .emitNext(e, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
  }

  private final Map<Bytes, Sinks.Many<ClusterEvent.PostsStored>> remoteStored =
      new ConcurrentHashMap<>();
  private final reactor.core.Disposable.Composite remoteFanOut =
      reactor.core.Disposables.composite();

  private Mono<Void> fanOutStoredElsewhere(ClusterEvent.PostsStored e) {
    PostPipeline p = posts.get(e.groupId());
    if (p == null) {
      return Mono.empty();
    }
    byte[] groupId = e.groupId().toByteArray();
    return directory
        .byAddress(p.addressId())
        .flatMapMany(
            g ->
                store
                    .posts()
                    .read(groupId, e.fromSeq(), (int) Math.min(1000, e.toSeq() - e.fromSeq() + 1))
                    .concatMap(
                        post ->
                            certificate(groupId, post.authorKey())
                                .map(
                                    cert ->
                                        Delivery.live(
                                            post.seq(),
                                            DeliveryFrames.encode(
                                                1, g.addressId(), post.seq(), post.post(), cert)))))
        .doOnNext(d -> metrics.counter(RelayMetrics.DELIVERIES).increment(p.hub().publish(d)))
        .then()
        .onErrorResume(
            err -> {
              log.warn("fan-out of posts stored elsewhere failed: {}", err.toString());
              return Mono.empty();
            });
  }

  /** The service log, told when admissions add entries to it (set once, at wiring). */
  public void logAdmissionsTo(io.chatrelay.server.onboarding.ServiceLogHub hub) {
    this.logHub = hub;
  }

  private volatile io.chatrelay.server.onboarding.ServiceLogHub logHub;

  /** The handler that turns failures into protocol answers (set once, at wiring). */
  public void answerErrorsWith(ProtocolHandler handler) {
    this.errors = handler;
  }

  @Override
  public Mono<Void> handle(RelaySession session, byte[] corr, Message m) {
    if (checksAhead(m)) {
      return check(session, corr, m).flatMap(Step::run);
    }
    if (m instanceof Subscribe s) {
      return subscribe(session, corr, s);
    }
    if (m instanceof Certify c) {
      return certify(session, corr, c);
    }
    return Mono.error(new Refusal(ErrorCode.MALFORMED, m.tag() + " is not a request"));
  }

  @Override
  public boolean checksAhead(Message m) {
    return m instanceof Join || m instanceof Publish;
  }

  @Override
  public Mono<Step> check(RelaySession session, byte[] corr, Message m) {
    if (m instanceof Join j) {
      return join(session, corr, j);
    }
    if (m instanceof Publish p) {
      return publish(session, corr, p);
    }
    return Mono.error(new IllegalArgumentException(m.tag() + " is not checked ahead"));
  }

  private Mono<ServedGroup> group(Bytes address) {
    return directory
        .byAddress(address.toByteArray())
        .switchIfEmpty(
            Mono.error(() -> new Refusal(ErrorCode.UNKNOWN_ADDRESS, "no group at this address")));
  }

  // ---- JOIN -----------------------------------------------------------------------------------

  /**
   * Checks a join: the group's state, its join rate (before the signature, so that a flood on one
   * group is shed cheaply) and the member's proof; the step left queues it.
   */
  private Mono<Step> join(RelaySession session, byte[] corr, Join j) {
    long received = System.nanoTime();
    metrics.counter(RelayMetrics.JOINS_RECEIVED).increment();
    return countRejections(
        group(j.addressId())
            .flatMap(
                g -> {
                  if (g.state() == GroupState.REMOVED) {
                    return Mono.error(
                        new Refusal(ErrorCode.NOT_ACTIVE, "this relay left the group"));
                  }
                  long wait = intake.busyFor(j.addressId());
                  if (wait > 0) {
                    metrics.counter(RelayMetrics.JOINS_BUSY).increment();
                    return Mono.error(
                        new Refusal(ErrorCode.BUSY, wait, "this group is busy, retry later"));
                  }
                  return crypto
                      .verify(g.groupKey(), j::proofCheck)
                      .flatMap(
                          ok ->
                              ok
                                  ? Mono.just(queue(session, corr, g, j, received))
                                  : Mono.error(
                                      new Refusal(
                                          ErrorCode.BAD_SIGNATURE, "join proof does not verify")));
                }));
  }

  /** The step left of a checked join: queue it. */
  private Step queue(RelaySession session, byte[] corr, ServedGroup g, Join j, long received) {
    return () -> countRejections(Mono.fromRunnable(() -> enqueue(session, corr, g, j, received)));
  }

  /** Answers a full join queue with {@code BUSY} and counts every refused join by reason. */
  private <T> Mono<T> countRejections(Mono<T> join) {
    return join.onErrorMap(
            JoinIntake.Busy.class,
            b -> new Refusal(ErrorCode.BUSY, b.retryAfterMs(), "this group is busy, retry later"))
        .doOnError(
            Refusal.class,
            r ->
                metrics
                    .counter(RelayMetrics.JOINS_REJECTED, "reason", r.code().name())
                    .increment());
  }

  /**
   * Queues a verified join and answers {@code QUEUED} when it is committed, without holding up this
   * connection's next request: a client may pipeline joins, and it is the group's bounded queue
   * (not the connection) that pushes back, with {@code BUSY}.
   *
   * @throws JoinIntake.Busy when the group's queue is full
   */
  private void enqueue(
      RelaySession session, byte[] corr, ServedGroup g, Join j, long receivedNanos) {
    Bytes key = waiterKey(g.groupId(), j.memberKey().toByteArray());
    JoinWaiter w = new JoinWaiter(session, j.addressId());
    joinWaiters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(w);
    Mono<JoinReceipt> committed;
    try {
      committed =
          intake.submit(
              j.addressId(),
              new JoinRequest(
                  g.groupId(), j.memberKey().toByteArray(), j.profile().map(Bytes::toByteArray)));
    } catch (JoinIntake.Busy busy) {
      removeWaiter(key, w);
      throw busy;
    }
    boolean held = g.state() != GroupState.ACTIVE;
    committed.subscribe(
        receipt -> {
          metrics.counter(RelayMetrics.JOINS_QUEUED, "held", held ? "yes" : "no").increment();
          metrics.joinLatency("queued").record(Duration.ofNanos(System.nanoTime() - receivedNanos));
          w.queued(corr, receipt.queueId());
        },
        e -> {
          removeWaiter(key, w);
          errors.answerError(session, corr, e).subscribe();
          w.failed();
        });
  }

  /**
   * A committed batch of admissions: answers the members waiting, and tells the service log's
   * followers of the batch's {@code MEMBERS_ADMITTED} entry, once per group (not once per member).
   */
  private void admitted(List<Admission> batch) {
    Map<Bytes, Long> logged = new LinkedHashMap<>();
    for (Admission a : batch) {
      if (a.newMember()) {
        logged.merge(Bytes.of(a.groupId()), a.logSeq(), Math::max);
      }
      if (!notifyWaiters(a.groupId(), a.memberKey(), a.memberId())) {
        // Nobody waits here: the member may wait on another instance.
        bus.publish(
            new ClusterEvent.MemberAdmitted(
                Bytes.of(a.groupId()), Bytes.of(a.memberKey()), a.memberId()));
      }
    }
    if (logHub != null) {
      logged.forEach((g, seq) -> logHub.appendedByStore(g.toByteArray(), seq));
    }
  }

  /** Answers those waiting here for this member's admission; false if nobody was. */
  private boolean notifyWaiters(byte[] groupId, byte[] memberKey, long memberId) {
    List<JoinWaiter> waiting = joinWaiters.remove(waiterKey(groupId, memberKey));
    if (waiting == null) {
      return false;
    }
    long head = headOf(groupId);
    for (JoinWaiter w : waiting) {
      w.admitted(memberId, head);
    }
    return true;
  }

  private void removeWaiter(Bytes key, JoinWaiter w) {
    joinWaiters.computeIfPresent(
        key,
        (k, list) -> {
          list.remove(w);
          return list.isEmpty() ? null : list;
        });
  }

  private static Bytes waiterKey(byte[] groupId, byte[] memberKey) {
    byte[] k = new byte[64];
    System.arraycopy(groupId, 0, k, 0, 32);
    System.arraycopy(memberKey, 0, k, 32, 32);
    return Bytes.of(k);
  }

  private long headOf(byte[] groupId) {
    PostPipeline p = posts.get(Bytes.of(groupId));
    return p == null ? 0 : p.head();
  }

  // ---- POST -----------------------------------------------------------------------------------

  /**
   * Checks a post: the group serves, the author may post, the signature verifies; the step left
   * hands it to the group's pipeline, in the connection's order.
   */
  private Mono<Step> publish(RelaySession session, byte[] corr, Publish m) {
    Post post = m.post();
    return group(m.addressId())
        .flatMap(
            g -> {
              if (!g.serving()) {
                return Mono.error(
                    new Refusal(ErrorCode.NOT_ACTIVE, "the group is not active at this relay"));
              }
              return authorised(g, post.author())
                  .then(crypto.verify(g.groupKey(), () -> post.signatureCheck(g.groupId())))
                  .flatMap(
                      valid -> {
                        if (!valid) {
                          metrics.postRefused(RelayMetrics.PostRefusal.SIGNATURE);
                          return Mono.error(
                              new Refusal(
                                  ErrorCode.BAD_SIGNATURE, "post signature does not verify"));
                        }
                        return Mono.just(
                            (Step) () -> submit(g, new PostPipeline.Task(session, corr, post)));
                      });
            });
  }

  /** The step left of a checked post: hand it to the group's pipeline. */
  private Mono<Void> submit(ServedGroup g, PostPipeline.Task task) {
    return pipeline(g)
        .doOnNext(p -> p.submit(task))
        .onErrorMap(
            PostPipeline.Busy.class,
            b -> new Refusal(ErrorCode.BUSY, b.retryAfterMs(), b.getMessage()))
        .then();
  }

  /** Owners may post anywhere; in a group, admitted members too. */
  private Mono<Void> authorised(ServedGroup g, Ed25519PublicKey author) {
    if (g.linkData().isOwner(author)) {
      return Mono.empty();
    }
    if (g.linkData().fixed().type() == GroupType.CHANNEL) {
      metrics.postRefused(RelayMetrics.PostRefusal.NOT_OWNER);
      return Mono.error(new Refusal(ErrorCode.UNAUTHORISED, "only owners post in a channel"));
    }
    return store
        .members()
        .find(g.groupId(), author.bytes())
        .switchIfEmpty(
            Mono.error(() -> new Refusal(ErrorCode.NOT_MEMBER, "the author is not a member")))
        .then();
  }

  private Mono<PostPipeline> pipeline(ServedGroup g) {
    Bytes groupKey = Bytes.of(g.groupId());
    PostPipeline existing = posts.get(groupKey);
    if (existing != null) {
      return Mono.just(existing);
    }
    return store
        .groups()
        .find(g.groupId())
        .<PostPipeline>handle(
            (fresh, sink) -> {
              // Under the lock drain() takes: a pipeline opened is one drain() sees.
              synchronized (posts) {
                if (draining) {
                  sink.error(
                      new Refusal(
                          ErrorCode.BUSY, Retry.SHUTTING_DOWN_MS, "the relay is shutting down"));
                  return;
                }
                sink.next(
                    posts.computeIfAbsent(
                        groupKey,
                        k ->
                            new PostPipeline(
                                g.groupId(),
                                g.addressId(),
                                fresh.lastPostSeq(),
                                config.limits().postsPerSecondPerGroup(),
                                config.limits().postsPerSecondPerGroup(),
                                store,
                                metrics,
                                new GroupHub(),
                                this::certificatesOf,
                                (t, e) ->
                                    errors.answerError(t.session(), t.corrId(), e).subscribe(),
                                (from, to) ->
                                    bus.publish(
                                        new ClusterEvent.PostsStored(
                                            Bytes.of(g.groupId()), from, to)))));
              }
            });
  }

  // ---- SUB ------------------------------------------------------------------------------------

  private Mono<Void> subscribe(RelaySession session, byte[] corr, Subscribe m) {
    byte[] nonce = session.serverNonce();
    return group(m.addressId())
        .flatMap(
            g -> {
              if (!g.serving()) {
                return Mono.error(
                    new Refusal(ErrorCode.NOT_ACTIVE, "the group is not active at this relay"));
              }
              if (session.subscriptions() >= config.limits().maxSubscriptionsPerConnection()) {
                return Mono.error(
                    new Refusal(ErrorCode.LIMIT, "too many subscriptions on this connection"));
              }
              return crypto
                  .verify(g.groupKey(), () -> m.proofCheck(nonce))
                  .flatMap(
                      ok ->
                          ok
                              ? store.members().find(g.groupId(), m.memberKey().bytes())
                              : Mono.error(
                                  new Refusal(
                                      ErrorCode.BAD_SIGNATURE, "subscribe proof does not verify")))
                  .switchIfEmpty(
                      Mono.error(() -> new Refusal(ErrorCode.NOT_MEMBER, "join the group first")))
                  .then(pipeline(g))
                  // The head from the store: other instances may have stored newer posts.
                  .zipWhen(p -> store.groups().find(g.groupId()))
                  .doOnNext(
                      t -> {
                        t.getT1().advanceHead(t.getT2().lastPostSeq());
                        open(session, corr, g, t.getT1(), m.fromSeq());
                      });
            })
        .then();
  }

  private void open(RelaySession session, byte[] corr, ServedGroup g, PostPipeline p, long from) {
    GroupHub hub = p.hub();
    Subscription[] holder = new Subscription[1];
    Subscription sub =
        new Subscription(
            session, from, config.limits().outboundBufferFrames(), s -> catchUp(s, g).subscribe());
    holder[0] = sub;
    session.reply(corr, new Subscribed(p.head()));
    hub.add(sub);
    Disposable stop =
        () -> {
          hub.remove(holder[0]);
          holder[0].close();
        };
    session.hold(stop);
    session.addSubscription();
    metrics.counter(RelayMetrics.SUBSCRIPTIONS).increment();
    catchUp(sub, g).subscribe();
  }

  /**
   * Frames a catching-up subscription may add to its session's queue at a time: a quarter of the
   * outbound limit for a page of stored posts and a quarter for live posts buffered meanwhile, so a
   * reader that keeps up never reaches the limit while catching up.
   */
  private int catchUpBudget() {
    return Math.max(1, Math.min(PAGE, config.limits().outboundBufferFrames() / 4));
  }

  /**
   * Streams stored posts to {@code sub} from its next sequence number, a page at a time, each page
   * read only once the session's queue has drained to the budget; then lets it go live.
   */
  private Mono<Void> catchUp(Subscription sub, ServedGroup g) {
    byte[] groupId = g.groupId();
    byte[] address = g.addressId();
    int pageSize = catchUpBudget();
    Mono<Boolean> onePage =
        sub.session()
            .drained(pageSize)
            .then(Mono.defer(() -> store.posts().read(groupId, sub.next(), pageSize).collectList()))
            .flatMap(
                page ->
                    certificatesOfStored(groupId, page)
                        .map(
                            certs -> {
                              metrics
                                  .counter(RelayMetrics.DELIVERIES_FROM_STORE)
                                  .increment(page.size());
                              for (int i = 0; i < page.size(); i++) {
                                var p = page.get(i);
                                sub.stored(
                                    Delivery.stored(
                                        p.seq(),
                                        DeliveryFrames.encode(
                                            1, address, p.seq(), p.post(), certs.get(i))));
                              }
                              return sub.isClosed() || (page.size() < pageSize && sub.caughtUp());
                            }));
    return onePage
        .repeat()
        .takeUntil(done -> done)
        .then()
        .onErrorResume(
            e -> {
              log.warn("{} catch-up failed: {}", sub.session().id(), e.toString());
              sub.close();
              sub.session()
                  .error(new byte[0], ErrorCode.UNAVAILABLE, 1000, "catch-up failed, resubscribe");
              return Mono.empty();
            });
  }

  // ---- CERT -----------------------------------------------------------------------------------

  private Mono<Void> certify(RelaySession session, byte[] corr, Certify m) {
    MemberCertificate cert = m.certificate();
    return group(m.addressId())
        .flatMap(
            g ->
                crypto
                    .run(g.groupKey(), () -> cert.validFor(g.linkData()))
                    .flatMap(
                        valid -> {
                          if (!valid) {
                            return Mono.error(
                                new Refusal(
                                    ErrorCode.UNAUTHORISED,
                                    "certificate not issued by an owner of this group"));
                          }
                          return store
                              .members()
                              .find(g.groupId(), cert.memberKey().bytes())
                              .switchIfEmpty(
                                  Mono.error(
                                      () -> new Refusal(ErrorCode.NOT_MEMBER, "no such member")))
                              .then(
                                  store
                                      .members()
                                      .putCertificate(
                                          g.groupId(), cert.memberKey().bytes(), cert.encode()))
                              .doOnSuccess(
                                  x ->
                                      certificates
                                          .computeIfAbsent(
                                              Bytes.of(g.groupId()), k -> new ConcurrentHashMap<>())
                                          .put(
                                              Bytes.of(cert.memberKey().bytes()),
                                              Optional.of(cert.encode())));
                        }))
        .doOnSuccess(x -> session.reply(corr, new Ok()))
        .then();
  }

  private Mono<List<Optional<byte[]>>> certificatesOf(
      byte[] groupId, List<PostPipeline.Task> tasks) {
    return Flux.fromIterable(tasks)
        .concatMap(t -> certificate(groupId, t.post().author().bytes()))
        .collectList();
  }

  private Mono<List<Optional<byte[]>>> certificatesOfStored(
      byte[] groupId, List<io.chatrelay.store.post.Post> page) {
    return Flux.fromIterable(page)
        .concatMap(p -> certificate(groupId, p.authorKey()))
        .collectList();
  }

  /** The certificate of a member key, cached per group (owners' posts have none). */
  private Mono<Optional<byte[]>> certificate(byte[] groupId, byte[] memberKey) {
    Map<Bytes, Optional<byte[]>> cache =
        certificates.computeIfAbsent(Bytes.of(groupId), k -> new ConcurrentHashMap<>());
    Optional<byte[]> known = cache.get(Bytes.of(memberKey));
    if (known != null) {
      return Mono.just(known);
    }
    return store
        .members()
        .certificate(groupId, memberKey)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .doOnNext(c -> cache.put(Bytes.of(memberKey), c));
  }

  /**
   * Takes no more joins or posts (they are answered {@code BUSY}) and completes once those already
   * taken are stored and answered, and the admission batches in flight are committed: the first
   * step of a graceful shutdown, while connections are still open to carry the answers.
   */
  public Mono<Void> drain() {
    List<Mono<Void>> ends = new ArrayList<>();
    synchronized (posts) {
      draining = true;
      posts.values().forEach(p -> ends.add(p.drain()));
    }
    ends.add(intake.drain());
    ends.add(workers.drain());
    return Mono.when(ends);
  }

  @Override
  public void close() {
    housekeeping.dispose();
    remoteFanOut.dispose();
    workers.close();
    intake.close();
    posts.values().forEach(PostPipeline::close);
  }
}
