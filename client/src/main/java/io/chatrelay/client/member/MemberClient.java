package io.chatrelay.client.member;

import io.chatrelay.client.group.ClientContext;
import io.chatrelay.client.group.ClientException;
import io.chatrelay.client.group.GroupSession;
import io.chatrelay.client.group.LinkResolver;
import io.chatrelay.client.group.RelayFailure;
import io.chatrelay.client.group.RelayNames;
import io.chatrelay.client.state.GroupState;
import io.chatrelay.client.transport.AskedRetry;
import io.chatrelay.client.transport.RelayException;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.group.GroupProfile;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.Join;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.Queued;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A member joining a group through its relays.
 *
 * <p>The link data is fetched from the relays the link names and verified against the link key
 * before anything is sent; the member key is fresh for this group (unless this home already joined
 * the group, when the same key joins more relays: joining is idempotent at a relay). Methods block:
 * call them from an application thread, not an event loop.
 */
public final class MemberClient {
  /** How long to wait for a queued join to be admitted before reporting it as queued. */
  static final Duration ADMISSION_WAIT = Duration.ofSeconds(20);

  /**
   * A join answered {@code BUSY} (the group's join rate is spent, or its queue full) is sent again
   * after the relay's delay for this long: at a channel's launch a crowd joins at once and the
   * relay takes them at the group's rate (2,000 a second by default), a minute covering about
   * 120,000 members per relay.
   */
  static final Duration BUSY_PATIENCE = Duration.ofSeconds(60);

  private final ClientContext ctx;

  public MemberClient(ClientContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The result of joining.
   *
   * @param group the stored group
   * @param memberKey this member's key in the group (owners certify it)
   * @param admitted relays that admitted the member ({@code JOINED})
   * @param queued relays that hold the join durably but did not admit it yet (e.g. joins suspended)
   * @param failures relays that refused or could not be reached
   * @param linkFailures relays whose link data was missing, older or did not verify
   */
  public record JoinResult(
      GroupState group,
      Ed25519PublicKey memberKey,
      List<String> admitted,
      List<String> queued,
      List<RelayFailure> failures,
      List<RelayFailure> linkFailures) {}

  /**
   * Joins the group of {@code link} through its relays (all, or the first {@code maxRelays}).
   *
   * @throws ClientException if no relay serves valid link data, the group has no relay, or no relay
   *     took the join (then nothing is stored)
   */
  public JoinResult join(GroupShortLink link, OptionalInt maxRelays, Optional<String> localName) {
    if (maxRelays.isPresent() && maxRelays.getAsInt() < 1) {
      throw new ClientException("--relays must be at least 1");
    }
    Optional<GroupState> existing = ctx.home().byLinkKey(link.linkKey());
    try (GroupSession session = new GroupSession(ctx.options())) {
      List<io.chatrelay.codec.link.SmpServer> servers = new ArrayList<>(link.allRelays());
      existing.ifPresent(
          g ->
              ClientContext.servers(g)
                  .forEach(
                      s -> {
                        if (!servers.contains(s)) {
                          servers.add(s);
                        }
                      }));
      LinkResolver.Resolution r =
          LinkResolver.resolve(
              session,
              link.linkKey(),
              servers,
              existing.map(GroupState::linkDataVersion).orElse(0L),
              ctx.timeout());
      GroupLinkData data =
          r.data()
              .orElseThrow(
                  () ->
                      new ClientException(
                          "no relay of the link served valid link data: "
                              + String.join(
                                  "; ",
                                  r.failures().stream().map(RelayFailure::toString).toList())));
      List<RelayEntry> relays = data.data().relays();
      if (relays.isEmpty()) {
        throw new ClientException("the group has no relay: its link was deleted by its owners");
      }
      if (maxRelays.isPresent() && maxRelays.getAsInt() < relays.size()) {
        relays = relays.subList(0, maxRelays.getAsInt());
      }
      Ed25519KeyPair key =
          existing
              .flatMap(GroupState::memberKey)
              .orElseGet(() -> Ed25519KeyPair.generate(ctx.random()));
      List<Answer> answers = new ArrayList<>();
      Flux.fromIterable(relays)
          .flatMapSequential(e -> joinOne(session, e, key), 16)
          .doOnNext(answers::add)
          .then()
          .block(ctx.timeout().plus(ADMISSION_WAIT).plusSeconds(30));
      List<String> admitted = new ArrayList<>();
      List<String> queued = new ArrayList<>();
      List<RelayFailure> failures = new ArrayList<>();
      List<String> took = new ArrayList<>();
      for (Answer a : answers) {
        String name = RelayNames.of(a.entry().server());
        if (a.error() != null) {
          failures.add(RelayFailure.of(a.entry().server(), a.error()));
          continue;
        }
        (a.admitted() ? admitted : queued).add(name);
        took.add(a.entry().toLink().print());
      }
      if (took.isEmpty()) {
        throw new ClientException(
            "no relay took the join: "
                + String.join("; ", failures.stream().map(RelayFailure::toString).toList()));
      }
      GroupState state;
      if (existing.isPresent()) {
        state =
            ctx.home()
                .update(
                    existing.get(),
                    g -> {
                      g.acceptLinkData(data);
                      g.setMemberKey(key);
                      took.forEach(g::markJoined);
                    });
      } else {
        GroupState fresh = GroupState.of(localName.orElse(profileName(data)), link, data);
        fresh.setMemberKey(key);
        took.forEach(fresh::markJoined);
        state = ctx.home().create(fresh);
      }
      return new JoinResult(state, key.publicKey(), admitted, queued, failures, r.failures());
    }
  }

  private record Answer(RelayEntry entry, boolean admitted, Throwable error) {}

  private Mono<Answer> joinOne(GroupSession session, RelayEntry entry, Ed25519KeyPair key) {
    Bytes address = Bytes.of(entry.addressId());
    return session
        .connection(entry)
        .flatMap(
            c -> {
              // Listen for the admission before asking: it may follow QUEUED at once.
              Mono<Joined> joined =
                  c.events()
                      .ofType(Joined.class)
                      .filter(j -> j.addressId().equals(address))
                      .next()
                      .cache();
              Disposable listening = joined.subscribe(j -> {}, e -> {});
              Join join = Join.sign(address, key, Optional.empty());
              // A relay over the group's join rate answers BUSY with a delay: a crowd joining at
              // once is spread over retries (a join is idempotent per member key).
              return Mono.defer(() -> c.request(join))
                  .retryWhen(AskedRetry.within(BUSY_PATIENCE, ThreadLocalRandom.current()))
                  .flatMap(
                      m -> {
                        if (m instanceof Joined) {
                          return Mono.just(new Answer(entry, true, null));
                        }
                        if (!(m instanceof Queued)) {
                          return Mono.error(
                              new RelayException(
                                  ErrorCode.UNKNOWN, 0, "relay answered JOIN with " + m.tag()));
                        }
                        return joined
                            .map(j -> new Answer(entry, true, null))
                            .timeout(ADMISSION_WAIT, Mono.just(new Answer(entry, false, null)));
                      })
                  .doFinally(s -> listening.dispose());
            })
        .onErrorResume(e -> Mono.just(new Answer(entry, false, e)));
  }

  static String profileName(GroupLinkData data) {
    try {
      return GroupProfile.parse(data.data().profile()).name();
    } catch (DecodeException e) {
      return "group";
    }
  }
}
