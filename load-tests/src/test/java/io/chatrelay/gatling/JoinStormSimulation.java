package io.chatrelay.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
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
 * Join storm: {@code members} fresh members join {@code groups} channels at a constant arrival rate
 * over {@code seconds}. Each virtual user is one member on its own connection: handshake, then a
 * pre-signed {@code JOIN} (its own key, round-robin over the groups) answered by {@code QUEUED},
 * then the pushed {@code JOINED} for that group.
 *
 * <p>In the report, {@code QUEUED} is the time from sending the join to its durable acknowledgement
 * and {@code JOINED} the time from sending it to admission (see {@link PreSignedJoins}); a join
 * refused with {@code ERR BUSY} is a KO of {@code QUEUED}.
 *
 * <p>Properties: {@code -Dmembers=300 -Dgroups=4 -Dseconds=20 -Dseed=1}, and {@code
 * -Drelay.dbUrl=postgresql://...} for a PostgreSQL server instead of the embedded one.
 */
public final class JoinStormSimulation extends Simulation {
  private static final int MEMBERS = Integer.getInteger("members", 300);
  private static final int GROUPS = Integer.getInteger("groups", 4);
  private static final int SECONDS = Integer.getInteger("seconds", 20);
  private static final long SEED = Long.getLong("seed", 1);

  private final RelayTarget relay = new RelayTarget();
  private final PreSignedJoins joins = new PreSignedJoins("storm");

  public JoinStormSimulation() {
    ScenarioBuilder storm =
        scenario("join storm")
            .exec(RelayWs.handshake("", relay))
            .exec(joins.join(""))
            .exec(ws("close").close());
    // Gatling injects round(seconds × rate) users: exactly MEMBERS, one pre-signed join each.
    setUp(storm.injectOpen(constantUsersPerSec((double) MEMBERS / SECONDS).during(SECONDS)))
        .protocols(http);
  }

  @Override
  public void before() {
    relay.start(true);
    Random random = new Random(SEED);
    List<LoadChannel> groups =
        IntStream.range(0, GROUPS)
            .mapToObj(
                g -> LoadChannel.create(relay.server(), random, GroupType.CHANNEL, "storm " + g))
            .toList();
    joins.sign(groups, MEMBERS, random);
  }

  @Override
  public void after() {
    relay.close();
  }
}
