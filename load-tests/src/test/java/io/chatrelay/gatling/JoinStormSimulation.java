package io.chatrelay.gatling;

import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.load.LoadChannel;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Join storm: {@code members} fresh members join {@code groups} channels at a constant arrival rate
 * over {@code seconds}. Each virtual user is one member on its own connection: handshake, then a
 * pre-signed {@code JOIN} (its own key, round-robin over the groups) answered by {@code QUEUED},
 * then the pushed {@code JOINED} for that group.
 *
 * <p>In the report, {@code QUEUED} is the time from sending the join to its durable acknowledgement
 * and {@code JOINED} the time from sending it to admission; a join refused with {@code ERR BUSY} is
 * a KO of {@code QUEUED} (no retry) and has no {@code JOINED}.
 *
 * <p>Properties: {@code -Dmembers=300 -Dgroups=4 -Dseconds=20 -Dseed=1}, and {@code
 * -Drelay.dbUrl=postgresql://...} for a PostgreSQL server instead of the embedded one.
 */
public final class JoinStormSimulation extends Simulation {
  private static final int MEMBERS = Integer.getInteger("members", 300);
  private static final int GROUPS = Integer.getInteger("groups", 4);
  private static final int SECONDS = Integer.getInteger("seconds", 20);
  private static final long SEED = Long.getLong("seed", 1);
  private static final long JOIN_CORR = 1;
  private static final Duration ADMIT_TIMEOUT = Duration.ofSeconds(60);

  private final RelayTarget relay = new RelayTarget();
  private final AtomicInteger nextMember = new AtomicInteger();
  private volatile byte[][] joins;
  private volatile String[] groupOfJoin;

  public JoinStormSimulation() {
    ScenarioBuilder storm =
        scenario("join storm")
            .exec(session -> session.set("member", nextMember.getAndIncrement()))
            .exec(RelayWs.handshake("", relay))
            .exec(
                ws("JOIN")
                    .sendBytes(session -> joins[session.getInt("member")])
                    .await(ADMIT_TIMEOUT)
                    .on(
                        RelayWs.reply("QUEUED", JOIN_CORR, "QUEUED"),
                        RelayWs.event("JOINED", "JOINED")
                            .check(
                                bodyBytes()
                                    .transform(RelayWs::joinedAddress)
                                    .is(session -> groupOfJoin[session.getInt("member")]))))
            .exec(ws("close").close());
    // Gatling injects round(seconds × rate) users: exactly MEMBERS, one pre-signed join each.
    setUp(storm.injectOpen(constantUsersPerSec((double) MEMBERS / SECONDS).during(SECONDS)))
        .protocols(http);
  }

  @Override
  public void before() {
    relay.start();
    Random random = new Random(SEED);
    List<LoadChannel> groups =
        IntStream.range(0, GROUPS)
            .mapToObj(
                g -> LoadChannel.create(relay.server(), random, GroupType.CHANNEL, "storm " + g))
            .toList();
    long[] seeds = random.longs(MEMBERS).toArray();
    byte[][] frames = new byte[MEMBERS][];
    String[] addresses = new String[MEMBERS];
    IntStream.range(0, MEMBERS)
        .parallel()
        .forEach(
            n -> {
              LoadChannel g = groups.get(n % GROUPS);
              frames[n] =
                  MessageCodec.encode(
                      new Frame(
                          1,
                          LoadChannel.corr(JOIN_CORR),
                          g.join(LoadChannel.key(new Random(seeds[n])))));
              addresses[n] = HexFormat.of().formatHex(g.address().toByteArray());
            });
    joins = frames;
    groupOfJoin = addresses;
  }

  @Override
  public void after() {
    relay.close();
  }
}
