package io.chatrelay.client.group;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.message.GetLink;
import io.chatrelay.codec.message.LinkData;
import io.chatrelay.codec.message.RelayMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fetches a group's link data from its relays ({@code GETLINK}) and keeps only what verifies.
 *
 * <p>Each copy is checked against the link key from the group link ({@link GroupLinkData#verify}:
 * hash of the fixed data, owner chain, signature) and must not be older than the newest version the
 * client saw before (a relay rolling the data back is refused). Of the copies that pass, the newest
 * wins; every relay whose answer failed is reported with its reason.
 */
public final class LinkResolver {
  private LinkResolver() {}

  /**
   * What the relays answered.
   *
   * @param data the newest verified link data, if any relay served one
   * @param failures relays that did not answer, or whose data was refused
   */
  public record Resolution(Optional<GroupLinkData> data, List<RelayFailure> failures) {
    public Resolution {
      failures = List.copyOf(failures);
    }
  }

  private record Answer(SmpServer server, GroupLinkData data, Throwable error) {}

  /**
   * Asks every server in {@code servers} (duplicates once) for the data of {@code linkKey}.
   *
   * @param minVersion the newest version seen before (0 for none)
   */
  public static Resolution resolve(
      GroupSession session,
      byte[] linkKey,
      Collection<SmpServer> servers,
      long minVersion,
      Duration timeout) {
    List<Answer> answers =
        Flux.fromIterable(new LinkedHashSet<>(servers))
            .flatMap(s -> fetch(session, s, linkKey, minVersion), 16)
            .collectList()
            .block(timeout.plusSeconds(5));
    List<RelayFailure> failures = new ArrayList<>();
    GroupLinkData best = null;
    for (Answer a : answers == null ? List.<Answer>of() : answers) {
      if (a.error() != null) {
        failures.add(RelayFailure.of(a.server(), a.error()));
      } else if (best == null || a.data().version() > best.version()) {
        best = a.data();
      }
    }
    failures.sort(Comparator.comparing(RelayFailure::relay));
    return new Resolution(Optional.ofNullable(best), failures);
  }

  private static Mono<Answer> fetch(
      GroupSession session, SmpServer server, byte[] linkKey, long minVersion) {
    return session
        .connection(server)
        .flatMap(c -> c.request(new GetLink(Bytes.of(linkKey))))
        .map(m -> new Answer(server, verify(m, linkKey, minVersion), null))
        .timeout(session.options().requestTimeout().plus(session.options().connectTimeout()))
        .onErrorResume(e -> Mono.just(new Answer(server, null, e)));
  }

  private static GroupLinkData verify(RelayMessage m, byte[] linkKey, long minVersion) {
    if (!(m instanceof LinkData d)) {
      throw new io.chatrelay.client.transport.RelayException(
          io.chatrelay.codec.message.ErrorCode.UNKNOWN,
          0,
          "relay answered GETLINK with " + m.tag());
    }
    return GroupLinkData.verify(
            linkKey, d.fixedData().toByteArray(), d.signedLinkData().toByteArray())
        .requireNotOlderThan(minVersion);
  }
}
