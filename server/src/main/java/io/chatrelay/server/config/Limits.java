package io.chatrelay.server.config;

import java.time.Duration;

/**
 * Every bound the relay enforces; all are configuration and all appear in {@code /info}.
 *
 * @param maxFrameBytes largest protocol frame accepted (bigger ones get {@code ERR LIMIT}; frames
 *     over twice this close the connection with WebSocket status 1009)
 * @param maxConnections connections held at once by this process
 * @param maxConnectionsPerAddress connections from one remote IP address
 * @param maxSubscriptionsPerConnection group subscriptions one connection may hold
 * @param outboundBufferFrames writes (a frame, or a run of deliveries) waiting for one reader
 *     before it is disconnected as a slow consumer
 * @param joinQueuePerGroup joins waiting in one group's pipeline before senders get {@code BUSY}
 * @param postsPerSecondPerGroup sustained posts accepted per group (bursts up to one second); by
 *     default {@value #POSTS_PER_SECOND_PER_CORE} per core
 * @param joinsPerSecondPerGroup sustained joins taken per group (bursts up to a tenth of a second);
 *     more are refused with {@code BUSY} before their key and signature are checked, so one flooded
 *     group cannot take the CPU from the others; by default {@value #JOINS_PER_SECOND_PER_CORE} per
 *     core
 * @param maxGroups groups this relay serves (admission refuses more)
 * @param pipelinedRequests frames of one connection taken in at once: the signatures of the joins
 *     and posts among them are checked in parallel while earlier ones are handled (each is still
 *     handled in arrival order); further frames wait in the connection's socket. Frames are taken
 *     in only while those waiting hold less than {@code maxFrameBytes} in all, so a connection
 *     holds at most about two maximum frames however many it sends
 * @param handshakeTimeout time from opening a connection has to complete {@code HELLO}
 * @param idleTimeout a connection with no inbound frame for this long is closed
 */
public record Limits(
    int maxFrameBytes,
    int maxConnections,
    int maxConnectionsPerAddress,
    int maxSubscriptionsPerConnection,
    int outboundBufferFrames,
    int joinQueuePerGroup,
    int postsPerSecondPerGroup,
    int joinsPerSecondPerGroup,
    int maxGroups,
    int pipelinedRequests,
    Duration handshakeTimeout,
    Duration idleTimeout) {

  /**
   * Default per-group rates, per core: what one group may make the relay verify and store is then a
   * share of the machine, whatever its size. On 2 cores (200 joins and 100 posts a second) a group
   * flooded at these rates left the other groups' join p99 within 2× of idle, where 2,000 joins a
   * second took it to 4.5–6× (docs/benchmarks.md, one-group flood).
   */
  public static final int JOINS_PER_SECOND_PER_CORE = 100;

  public static final int POSTS_PER_SECOND_PER_CORE = 50;

  public static Limits defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new Limits(
        64 * 1024,
        19_000,
        1_000,
        64,
        1_024,
        10_000,
        POSTS_PER_SECOND_PER_CORE * cores,
        JOINS_PER_SECOND_PER_CORE * cores,
        100_000,
        64,
        Duration.ofSeconds(10),
        Duration.ofMinutes(5));
  }

  public Limits {
    positive(maxFrameBytes, "maxFrameBytes");
    positive(maxConnections, "maxConnections");
    positive(maxConnectionsPerAddress, "maxConnectionsPerAddress");
    positive(maxSubscriptionsPerConnection, "maxSubscriptionsPerConnection");
    positive(outboundBufferFrames, "outboundBufferFrames");
    positive(joinQueuePerGroup, "joinQueuePerGroup");
    positive(postsPerSecondPerGroup, "postsPerSecondPerGroup");
    positive(joinsPerSecondPerGroup, "joinsPerSecondPerGroup");
    positive(maxGroups, "maxGroups");
    positive(pipelinedRequests, "pipelinedRequests");
    if (maxFrameBytes < 4096) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 4096");
    }
  }

  /** A copy to change some limits of: {@code limits.toBuilder().maxGroups(10).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some limits of a copy; {@link #build()} checks them like the constructor. */
  public static final class Builder {
    private int maxFrameBytes;
    private int maxConnections;
    private int maxConnectionsPerAddress;
    private int maxSubscriptionsPerConnection;
    private int outboundBufferFrames;
    private int joinQueuePerGroup;
    private int postsPerSecondPerGroup;
    private int joinsPerSecondPerGroup;
    private int maxGroups;
    private int pipelinedRequests;
    private Duration handshakeTimeout;
    private Duration idleTimeout;

    private Builder(Limits l) {
      maxFrameBytes = l.maxFrameBytes;
      maxConnections = l.maxConnections;
      maxConnectionsPerAddress = l.maxConnectionsPerAddress;
      maxSubscriptionsPerConnection = l.maxSubscriptionsPerConnection;
      outboundBufferFrames = l.outboundBufferFrames;
      joinQueuePerGroup = l.joinQueuePerGroup;
      postsPerSecondPerGroup = l.postsPerSecondPerGroup;
      joinsPerSecondPerGroup = l.joinsPerSecondPerGroup;
      maxGroups = l.maxGroups;
      pipelinedRequests = l.pipelinedRequests;
      handshakeTimeout = l.handshakeTimeout;
      idleTimeout = l.idleTimeout;
    }

    public Builder maxFrameBytes(int n) {
      maxFrameBytes = n;
      return this;
    }

    public Builder maxConnectionsPerAddress(int n) {
      maxConnectionsPerAddress = n;
      return this;
    }

    public Builder maxSubscriptionsPerConnection(int n) {
      maxSubscriptionsPerConnection = n;
      return this;
    }

    public Builder outboundBufferFrames(int n) {
      outboundBufferFrames = n;
      return this;
    }

    public Builder joinQueuePerGroup(int n) {
      joinQueuePerGroup = n;
      return this;
    }

    public Builder postsPerSecondPerGroup(int n) {
      postsPerSecondPerGroup = n;
      return this;
    }

    public Builder joinsPerSecondPerGroup(int n) {
      joinsPerSecondPerGroup = n;
      return this;
    }

    public Builder maxGroups(int n) {
      maxGroups = n;
      return this;
    }

    public Builder pipelinedRequests(int n) {
      pipelinedRequests = n;
      return this;
    }

    public Builder handshakeTimeout(Duration d) {
      handshakeTimeout = d;
      return this;
    }

    public Builder idleTimeout(Duration d) {
      idleTimeout = d;
      return this;
    }

    public Limits build() {
      return new Limits(
          maxFrameBytes,
          maxConnections,
          maxConnectionsPerAddress,
          maxSubscriptionsPerConnection,
          outboundBufferFrames,
          joinQueuePerGroup,
          postsPerSecondPerGroup,
          joinsPerSecondPerGroup,
          maxGroups,
          pipelinedRequests,
          handshakeTimeout,
          idleTimeout);
    }
  }

  private static void positive(long v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
