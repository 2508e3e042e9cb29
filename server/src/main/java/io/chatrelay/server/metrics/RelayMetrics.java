package io.chatrelay.server.metrics;

import io.chatrelay.codec.group.OwnerAction;
import io.chatrelay.codec.message.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Every metric the relay exports, under the prefix {@code relay.} (Prometheus: {@code relay_}).
 *
 * <p>No metric has a label per group or per connection: both counts are unbounded. Per-group
 * figures appear as distributions (e.g. queue saturation) instead.
 */
public final class RelayMetrics implements AutoCloseable {
  public static final String CONNECTIONS = "relay.connections";
  public static final String CONNECTIONS_OPENED = "relay.connections.opened";
  public static final String CONNECTIONS_REFUSED = "relay.connections.refused";
  public static final String CONNECTIONS_TIMEOUTS = "relay.connections.timeouts";
  public static final String SLOW_CONSUMERS = "relay.slow.consumers";
  public static final String FRAMES_RECEIVED = "relay.frames.received";
  public static final String FRAMES_SENT = "relay.frames.sent";
  public static final String REQUESTS_IN_PROGRESS = "relay.requests.in.progress";
  public static final String PROTOCOL_ERRORS = "relay.protocol.errors";
  public static final String INVITATIONS = "relay.invitations";
  public static final String GROUPS = "relay.groups";
  public static final String LINK_UPDATES = "relay.link.updates";
  public static final String OWNER_COMMANDS = "relay.owner.commands";
  public static final String JOINS_RECEIVED = "relay.joins.received";
  public static final String JOINS_QUEUED = "relay.joins.queued";
  public static final String JOINS_REJECTED = "relay.joins.rejected";
  public static final String JOINS_BUSY = "relay.joins.busy";
  public static final String JOINS_ADMITTED = "relay.joins.admitted";
  public static final String JOINS_PENDING = "relay.joins.pending";
  public static final String JOINS_PARKED = "relay.joins.parked";
  public static final String JOINS_PURGED = "relay.joins.purged";
  public static final String JOINS_INTAKE_WAITING = "relay.joins.intake.waiting";
  public static final String JOINS_QUEUE_SATURATION = "relay.joins.queue.saturation";
  public static final String JOIN_LATENCY = "relay.joins.latency";
  public static final String POSTS_ACCEPTED = "relay.posts.accepted";
  public static final String POSTS_REFUSED = "relay.posts.refused";
  public static final String POSTS_PRUNED = "relay.posts.pruned";
  public static final String DELIVERIES = "relay.deliveries";
  public static final String DELIVERIES_FROM_STORE = "relay.deliveries.from.store";
  public static final String SUBSCRIPTIONS = "relay.subscriptions";
  public static final String STORE_LATENCY = "relay.store.latency";
  public static final String SIGNATURES_CHECKED = "relay.signatures.checked";
  public static final String SIGNATURE_BATCHES_FAILED = "relay.signature.batches.failed";
  public static final String SIGNATURE_BATCHES = "relay.signature.batches";

  /** Why a post was refused: the {@code reason} of {@code relay.posts.refused}. */
  public enum PostRefusal {
    /** Its signature does not verify. */
    SIGNATURE,
    /** A channel's post by a key that is not an owner's. */
    NOT_OWNER,
    /** The group's post rate was spent. */
    RATE,
    /** The group's post queue was full. */
    QUEUE
  }

  /** How an owner's link data update ended: the {@code outcome} of {@code relay.link.updates}. */
  public enum LinkUpdateOutcome {
    APPLIED,
    UNCHANGED,
    /** Older than the link data the relay holds. */
    STALE,
    /** The new link data no longer lists this relay. */
    NOT_LISTED,
    /** The relay has left the group. */
    REMOVED
  }

  private final JvmGcMetrics jvmGc = new JvmGcMetrics();
  private final PrometheusMeterRegistry registry;
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong groups = new AtomicLong();
  private final DistributionSummary joinQueueSaturation;
  // Counted per frame: looked up once, not per increment.
  private final Counter framesReceived;
  private final Counter framesSent;
  // Read at each scrape; set by signatureChecks once the check threads exist.
  private volatile LongSupplier signaturesInBatches = () -> 0;
  private volatile LongSupplier signaturesAlone = () -> 0;
  private volatile LongSupplier signatureBatches = () -> 0;
  private volatile LongSupplier signatureBatchesFailed = () -> 0;

  /**
   * Registers every meter whose tags are known in advance, at zero: a scrape shows each series from
   * the start (a dashboard shows 0, not "no data", and an alert on a rate can fire). Counters
   * tagged by a reason or an outcome are registered here when their values are this class's or the
   * protocol's, and by the component that counts them otherwise ({@link #expect}).
   */
  public RelayMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The process and its JVM, under Micrometer's standard names (jvm_*, process_*, system_*):
    // heap and GC pauses, threads, CPU, and open files against the process's limit.
    new JvmMemoryMetrics().bindTo(registry);
    jvmGc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    registry.gauge(CONNECTIONS, connections);
    registry.gauge(GROUPS, groups);
    for (String name :
        List.of(
            CONNECTIONS_OPENED,
            CONNECTIONS_TIMEOUTS,
            SLOW_CONSUMERS,
            FRAMES_RECEIVED,
            FRAMES_SENT,
            JOINS_RECEIVED,
            JOINS_BUSY,
            JOINS_PURGED,
            POSTS_ACCEPTED,
            POSTS_PRUNED,
            DELIVERIES,
            DELIVERIES_FROM_STORE,
            SUBSCRIPTIONS)) {
      registry.counter(name);
    }
    this.framesReceived = registry.counter(FRAMES_RECEIVED);
    this.framesSent = registry.counter(FRAMES_SENT);
    registry.counter(JOINS_QUEUED, "held", "no");
    registry.counter(JOINS_QUEUED, "held", "yes");
    registry.counter(JOINS_ADMITTED, "member", "new");
    registry.counter(JOINS_ADMITTED, "member", "existing");
    expect(PROTOCOL_ERRORS, "code", Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    expect(POSTS_REFUSED, "reason", labels(PostRefusal.values()));
    expect(LINK_UPDATES, "outcome", labels(LinkUpdateOutcome.values()));
    expect(
        OWNER_COMMANDS,
        "action",
        Arrays.stream(OwnerAction.class.getPermittedSubclasses())
            .map(Class::getSimpleName)
            .toList());
    List.of("join_enqueue", "join_admit", "post_append").forEach(this::storeLatency);
    List.of("queued", "admitted").forEach(this::joinLatency);
    FunctionCounter.builder(SIGNATURES_CHECKED, this, m -> m.signaturesInBatches.getAsLong())
        .tag("how", "batch")
        .register(registry);
    FunctionCounter.builder(SIGNATURES_CHECKED, this, m -> m.signaturesAlone.getAsLong())
        .tag("how", "alone")
        .register(registry);
    FunctionCounter.builder(SIGNATURE_BATCHES, this, m -> m.signatureBatches.getAsLong())
        .register(registry);
    FunctionCounter.builder(
            SIGNATURE_BATCHES_FAILED, this, m -> m.signatureBatchesFailed.getAsLong())
        .register(registry);
    this.joinQueueSaturation =
        DistributionSummary.builder(JOINS_QUEUE_SATURATION)
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  /**
   * Counts the relay's signature checks (joins, posts, subscriptions) from now on: {@code
   * relay.signatures.checked} by how they were made, {@code how=batch} (valid as part of a batch)
   * or {@code how=alone}; {@code relay.signature.batches}, the batches found valid (the first over
   * this is their mean size); and {@code relay.signature.batches.failed}, the batches that held a
   * signature that does not verify (their checks were made again one by one).
   */
  public void signatureChecks(
      LongSupplier inBatches, LongSupplier batches, LongSupplier alone, LongSupplier failed) {
    this.signaturesInBatches = inBatches;
    this.signatureBatches = batches;
    this.signaturesAlone = alone;
    this.signatureBatchesFailed = failed;
  }

  /**
   * Registers the counter {@code name} at zero for each of the values its {@code tag} can take, so
   * that its series are exported before the first event. Prometheus's {@code rate()} and {@code
   * increase()} see a series' first increment only if the series was scraped before it: without
   * this, an alert on a rare event (a refused connection, a proof that does not verify) would miss
   * the first one. A value not registered is still counted; its series appears with it.
   */
  public void expect(String name, String tag, Collection<String> values) {
    for (String v : values) {
      registry.counter(name, tag, v);
    }
  }

  /** Enum constants as tag values: lower case, as {@code not_owner}. */
  private static List<String> labels(Enum<?>[] values) {
    return Arrays.stream(values).map(RelayMetrics::label).toList();
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Stops listening to the JVM's garbage collections. */
  @Override
  public void close() {
    jvmGc.close();
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  public void connectionOpened() {
    connections.incrementAndGet();
    registry.counter(CONNECTIONS_OPENED).increment();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public void connectionRefused(String reason) {
    registry.counter(CONNECTIONS_REFUSED, "reason", reason).increment();
  }

  public void frameReceived() {
    framesReceived.increment();
  }

  public void framesSent(int n) {
    framesSent.increment(n);
  }

  /** A request refused with a protocol error, by error code (a bounded set). */
  public void protocolError(String code) {
    registry.counter(PROTOCOL_ERRORS, "code", code).increment();
  }

  /** An invitation's outcome: {@code accepted}, {@code repeated} or a rejection reason. */
  public void invitation(String outcome) {
    registry.counter(INVITATIONS, "outcome", outcome).increment();
  }

  public void linkUpdate(LinkUpdateOutcome outcome) {
    registry.counter(LINK_UPDATES, "outcome", label(outcome)).increment();
  }

  public void postRefused(PostRefusal reason) {
    registry.counter(POSTS_REFUSED, "reason", label(reason)).increment();
  }

  public void ownerCommand(String action) {
    registry.counter(OWNER_COMMANDS, "action", action).increment();
  }

  public void setGroups(long n) {
    groups.set(n);
  }

  /**
   * How full a group's join queue was when a join arrived (0..1), as a distribution over all
   * groups: its high percentiles show groups near saturation without a label per group.
   */
  public void joinQueueSaturation(int queued, int limit) {
    joinQueueSaturation.record(Math.min(1.0, queued / (double) limit));
  }

  public Timer storeLatency(String operation) {
    return Timer.builder(STORE_LATENCY)
        .tag("operation", operation)
        .publishPercentileHistogram()
        .register(registry);
  }

  /**
   * How long joins take, by {@code stage}: {@code queued} (request received to durably queued, when
   * {@code QUEUED} is sent) and {@code admitted} (queued to admitted, including the time a join is
   * held for a group not yet validated or suspended).
   */
  public Timer joinLatency(String stage) {
    return Timer.builder(JOIN_LATENCY)
        .tag("stage", stage)
        .publishPercentileHistogram()
        .register(registry);
  }

  public Counter counter(String name, String... tags) {
    return registry.counter(name, tags);
  }
}
