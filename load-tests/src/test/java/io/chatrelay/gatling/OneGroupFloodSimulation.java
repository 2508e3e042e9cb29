package io.chatrelay.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.chatrelay.codec.group.GroupType;
import io.chatrelay.load.LoadChannel;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * One-group flood: for {@code seconds}, one group takes a flood of joins ({@code floodJoinRate}
 * fresh members per second) and of posts by its owner ({@code floodPostRate}), while {@code
 * otherGroups} other groups take light joins ({@code otherJoinRate} in all). The question is
 * whether the flooded group's load leaks into the others: their join latencies should stay close to
 * what they are on an idle relay.
 *
 * <p>Requests are named {@code flooded ...} and {@code other ...} so the report separates the two;
 * {@code QUEUED} and {@code JOINED} are timed from the join's send (see {@link PreSignedJoins}),
 * {@code flooded POSTED} from the post's. Joins the flooded group refuses with {@code ERR BUSY} are
 * KOs of {@code flooded QUEUED}: that is the relay pushing back on the flood, as designed.
 *
 * <p>Assertions on the other groups: p99 of {@code other QUEUED} under {@code otherQueuedP99Ms},
 * p99 of {@code other JOINED} under {@code otherJoinedP99Ms}, and every other join admitted. The
 * report and the console show whether they held; the Maven build fails on them only with {@code
 * -Dgatling.continueOnAssertionFailure=false} (load-tests/pom.xml sets it to true). The load
 * harness ({@code relay-load.jar flood}) compares the other groups' p99 under the flood with their
 * p99 on an idle relay instead of fixed limits.
 *
 * <p>Properties: {@code -Dseconds=20 -DfloodJoinRate=40 -DfloodPostRate=40 -DotherGroups=4
 * -DotherJoinRate=4 -DotherQueuedP99Ms=500 -DotherJoinedP99Ms=1000 -Dseed=1}, and {@code
 * -Drelay.dbUrl=postgresql://...} for a PostgreSQL server instead of the embedded one.
 */
public final class OneGroupFloodSimulation extends Simulation {
  private static final int SECONDS = Integer.getInteger("seconds", 20);
  private static final double FLOOD_JOIN_RATE = rate("floodJoinRate", 40);
  private static final double FLOOD_POST_RATE = rate("floodPostRate", 40);
  private static final int OTHER_GROUPS = Integer.getInteger("otherGroups", 4);
  private static final double OTHER_JOIN_RATE = rate("otherJoinRate", 4);
  private static final int OTHER_QUEUED_P99_MS = Integer.getInteger("otherQueuedP99Ms", 500);
  private static final int OTHER_JOINED_P99_MS = Integer.getInteger("otherJoinedP99Ms", 1000);
  private static final int PAYLOAD = 256;
  private static final long SEED = Long.getLong("seed", 1);

  private final RelayTarget relay = new RelayTarget();
  private final PreSignedJoins floodJoins = new PreSignedJoins("flooded");
  private final PreSignedJoins otherJoins = new PreSignedJoins("other");
  private final int posts = (int) Math.round(FLOOD_POST_RATE * SECONDS);
  private volatile byte[][] postFrames;

  public OneGroupFloodSimulation() {
    ScenarioBuilder flood =
        scenario("flooded group: joins")
            .exec(RelayWs.handshake("flooded ", relay))
            .exec(floodJoins.join("flooded "))
            .exec(ws("flooded close").close());
    ScenarioBuilder owner =
        scenario("flooded group: owner posts")
            .exec(RelayWs.handshake("flooded owner ", relay))
            .exec(RelayWs.posting("flooded ", i -> postFrames[i], posts, FLOOD_POST_RATE))
            .exec(ws("flooded owner close").close());
    ScenarioBuilder others =
        scenario("other groups: joins")
            .exec(RelayWs.handshake("other ", relay))
            .exec(otherJoins.join("other "))
            .exec(ws("other close").close());
    setUp(
            flood.injectOpen(constantUsersPerSec(FLOOD_JOIN_RATE).during(SECONDS)),
            owner.injectOpen(atOnceUsers(1)),
            others.injectOpen(constantUsersPerSec(OTHER_JOIN_RATE).during(SECONDS)))
        .protocols(http)
        .assertions(
            details("other QUEUED").responseTime().percentile(99).lt(OTHER_QUEUED_P99_MS),
            details("other JOINED").responseTime().percentile(99).lt(OTHER_JOINED_P99_MS),
            details("other JOINED").successfulRequests().percent().is(100.0));
  }

  private static double rate(String property, double defaultValue) {
    String v = System.getProperty(property);
    return v == null ? defaultValue : Double.parseDouble(v);
  }

  @Override
  public void before() {
    relay.start(false);
    Random random = new Random(SEED);
    LoadChannel flooded = LoadChannel.create(relay.server(), random, GroupType.CHANNEL, "flooded");
    List<LoadChannel> others =
        IntStream.range(0, OTHER_GROUPS)
            .mapToObj(
                g -> LoadChannel.create(relay.server(), random, GroupType.CHANNEL, "other " + g))
            .toList();
    // Gatling injects round(seconds × rate) users per scenario: one pre-signed join each.
    floodJoins.sign(List.of(flooded), (int) Math.round(FLOOD_JOIN_RATE * SECONDS), random);
    otherJoins.sign(others, (int) Math.round(OTHER_JOIN_RATE * SECONDS), random);
    byte[][] frames = new byte[posts][];
    IntStream.range(0, posts)
        .parallel()
        .forEach(i -> frames[i] = flooded.postFrame(i + 1, PAYLOAD));
    postFrames = frames;
  }

  @Override
  public void after() {
    relay.close();
  }
}
