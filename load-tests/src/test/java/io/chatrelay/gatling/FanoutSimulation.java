package io.chatrelay.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.Subscribe;
import io.chatrelay.load.Admitter;
import io.chatrelay.load.LoadChannel;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.WsSendBinaryActionBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Fan-out: {@code subscribers} admitted members of one channel connect, subscribe from the start
 * and each read {@code deliveries} posts, while the owner posts that many at {@code postRate}. The
 * members are admitted in {@code before()} (as {@link Admitter} does for the harness), so the run
 * measures reading, not joining.
 *
 * <p>What the report shows: {@code SUBSCRIBED} is the time from {@code SUB} to its answer; {@code
 * POSTED} the time from {@code POST} to its durable acknowledgement; each {@code DELIVER} is a
 * check that the next delivery arrived in order (sequence number k for the k-th, so a gap or a
 * duplicate is a KO) and its time is the <em>gap</em> since the previous frame on that connection,
 * about one post interval when the subscriber keeps up ({@code first DELIVER}, from {@code
 * SUBSCRIBED} to the first post, mostly waits for the owner to start). Gatling cannot measure the
 * latency from each post to its delivery at every subscriber precisely (it times requests, and a
 * delivery answers no request of the subscriber's); the load harness does ({@code relay-load.jar
 * fanout}, {@code io.chatrelay.load.FanoutScenario}), from each post's due time, without
 * coordinated omission.
 *
 * <p>The owner starts posting once the subscribers have connected, so deliveries are live; a
 * subscriber that subscribes later reads the stored posts first and then the live ones.
 *
 * <p>Properties: {@code -Dsubscribers=50 -Ddeliveries=200 -DpostRate=20 -Dpayload=256 -Dseed=1},
 * and {@code -Drelay.dbUrl=postgresql://...} for a PostgreSQL server instead of the embedded one.
 */
public final class FanoutSimulation extends Simulation {
  private static final int SUBSCRIBERS = Integer.getInteger("subscribers", 50);
  private static final int DELIVERIES = Integer.getInteger("deliveries", 200);
  private static final double POST_RATE = Double.parseDouble(System.getProperty("postRate", "20"));
  private static final int PAYLOAD = Integer.getInteger("payload", 256);
  private static final long SEED = Long.getLong("seed", 1);
  private static final Duration SUBSCRIBE_RAMP = Duration.ofSeconds(5);
  private static final long SUB_CORR = 1;

  private final RelayTarget relay = new RelayTarget();
  private final AtomicInteger nextSubscriber = new AtomicInteger();
  private volatile LoadChannel channel;
  private volatile List<Ed25519KeyPair> members;
  private volatile byte[][] posts;

  public FanoutSimulation() {
    WsSendBinaryActionBuilder subscribe =
        ws("SUB")
            .sendBytes(this::subscribeFrame)
            .await(RelayWs.REPLY_TIMEOUT)
            .on(RelayWs.reply("SUBSCRIBED", SUB_CORR, "SUBSCRIBED"));
    // One check sequence per delivery: each waits for the next DELIVER, at most as long as the
    // whole posting schedule plus a margin, and times the gap since the previous one. The first
    // waits for the owner to start and is reported apart.
    Duration gap = Duration.ofSeconds(30 + (long) (DELIVERIES / POST_RATE));
    for (long k = 1; k <= DELIVERIES; k++) {
      subscribe =
          subscribe
              .await(gap)
              .on(
                  RelayWs.event(k == 1 ? "first DELIVER" : "DELIVER", "DELIVER")
                      .check(bodyBytes().transform(RelayWs::deliveredSeq).is(k)));
    }
    ScenarioBuilder readers =
        scenario("subscribers")
            .exec(session -> session.set("member", nextSubscriber.getAndIncrement()))
            .exec(RelayWs.handshake("", relay))
            .exec(subscribe)
            .exec(ws("close").close());
    ScenarioBuilder owner =
        scenario("owner")
            .exec(RelayWs.handshake("owner ", relay))
            .exec(RelayWs.posting("", i -> posts[i], DELIVERIES, POST_RATE))
            .exec(ws("owner close").close());
    setUp(
            readers.injectOpen(rampUsers(SUBSCRIBERS).during(SUBSCRIBE_RAMP)),
            owner.injectOpen(nothingFor(SUBSCRIBE_RAMP.plusSeconds(1)), atOnceUsers(1)))
        .protocols(http);
  }

  private byte[] subscribeFrame(Session session) {
    Ed25519KeyPair member = members.get(session.getInt("member"));
    return MessageCodec.encode(
        new Frame(
            1,
            LoadChannel.corr(SUB_CORR),
            Subscribe.sign(channel.address(), member, 0, session.get(RelayWs.SERVER_NONCE))));
  }

  @Override
  public void before() {
    relay.start(true);
    Random random = new Random(SEED);
    channel = LoadChannel.create(relay.server(), random, GroupType.CHANNEL, "fan-out");
    members = Admitter.admit(List.of(relay.server()), channel, SUBSCRIBERS, random);
    byte[][] frames = new byte[DELIVERIES][];
    IntStream.range(0, DELIVERIES)
        .parallel()
        .forEach(i -> frames[i] = channel.postFrame(i + 1, PAYLOAD));
    posts = frames;
  }

  @Override
  public void after() {
    relay.close();
  }
}
