package io.chatrelay.gatling;

import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.chatrelay.load.LoadChannel;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Joins by fresh member keys, signed in the simulation's {@code before()} so that signing does not
 * load the Gatling JVM during the run, and handed out one per virtual user in arrival order.
 *
 * <p>{@link #join} sends the user's join and checks, in one check sequence, {@code QUEUED} (the
 * reply, timed from the send: durable acknowledgement) and then the pushed {@code JOINED} for the
 * join's group (also timed from the send: admission). A check sequence is ordered: a {@code JOINED}
 * that overtook its {@code QUEUED} would be skipped and the {@code JOINED} check would time out.
 * The relay never sends them in that order (a worker already running can admit a join before the
 * intake's commit reaches the relay; its {@code JOINED} then waits for the {@code QUEUED}).
 */
final class PreSignedJoins {
  private static final long JOIN_CORR = 1;
  private static final Duration ADMIT_TIMEOUT = Duration.ofSeconds(60);

  private final String sessionKey;
  private final AtomicInteger next = new AtomicInteger();
  private volatile byte[][] frames;
  private volatile String[] groupOfJoin;

  /** {@code name} tells the joins of one simulation apart in the virtual users' sessions. */
  PreSignedJoins(String name) {
    this.sessionKey = name + " join";
  }

  /** Signs {@code count} joins, round-robin over {@code groups}. */
  void sign(List<LoadChannel> groups, int count, Random random) {
    long[] seeds = random.longs(count).toArray();
    byte[][] signed = new byte[count][];
    String[] addresses = new String[count];
    IntStream.range(0, count)
        .parallel()
        .forEach(
            n -> {
              LoadChannel g = groups.get(n % groups.size());
              signed[n] = g.joinFrame(LoadChannel.key(new Random(seeds[n])), JOIN_CORR);
              addresses[n] = HexFormat.of().formatHex(g.address().toByteArray());
            });
    frames = signed;
    groupOfJoin = addresses;
  }

  /**
   * Sends the next join on the user's connection (after the handshake) and awaits {@code QUEUED}
   * and {@code JOINED}, reported as {@code <prefix>QUEUED} and {@code <prefix>JOINED}. A refusal
   * ({@code ERR BUSY} when the group's queue is full) is a KO of {@code QUEUED}, not retried.
   */
  ChainBuilder join(String prefix) {
    return exec(session -> session.set(sessionKey, next.getAndIncrement()))
        .exec(
            ws(prefix + "JOIN")
                .sendBytes(session -> frames[session.getInt(sessionKey)])
                .await(ADMIT_TIMEOUT)
                .on(
                    RelayWs.reply(prefix + "QUEUED", JOIN_CORR, "QUEUED"),
                    RelayWs.event(prefix + "JOINED", "JOINED")
                        .check(
                            bodyBytes()
                                .transform(RelayWs::joinedAddress)
                                .is(session -> groupOfJoin[session.getInt(sessionKey)]))));
  }
}
