package io.chatrelay.client.member;

import io.chatrelay.client.group.ClientContext;
import io.chatrelay.client.group.ClientException;
import io.chatrelay.client.group.GroupSession;
import io.chatrelay.client.group.RelayFailure;
import io.chatrelay.client.group.RelayNames;
import io.chatrelay.client.state.GroupState;
import io.chatrelay.client.state.RelayState;
import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.client.transport.RelayException;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.LinkDataException;
import io.chatrelay.codec.group.MemberCertificate;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.ErrorMessage;
import io.chatrelay.codec.message.Ping;
import io.chatrelay.codec.message.RelayMessage;
import io.chatrelay.codec.message.Subscribe;
import io.chatrelay.codec.message.Subscribed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reads a group through every relay where this member joined, at once.
 *
 * <p>Each relay gets its own connection and subscription ({@code SUB} from the position after the
 * last post read there), and its deliveries are merged. Every post is verified before it is shown:
 * in a channel it must be signed by an owner key of the verified owner chain; in a group any valid
 * signature is shown, as an owner's, a certified member's, or an unverified member's post. A post
 * that fails is reported as {@link ReadEvent.Rejected} with the relay that sent it and is never
 * shown. A post is shown once, whichever relay delivers it first (by post id, remembered across
 * runs); a relay that fails is reported and the others go on.
 *
 * <p>Without {@code follow}, reading ends once every relay that answered has delivered up to the
 * head sequence it reported in {@code SUBSCRIBED}. With {@code follow}, it goes on, sends {@code
 * PING} periodically (relays close idle connections), reconnects to a failed relay from its last
 * position after a jittered, growing delay ({@link Backoff}), and ends when no relay answers any
 * more: every relay failed {@value #GIVE_UP_AFTER} times in a row (or after {@code limit} shown
 * posts).
 *
 * <p>Slow consumer: deliveries are processed one at a time on the reader's own thread through a
 * bounded queue; when it is full, the connection's bounded event buffer fills, and past that the
 * connection is dropped and later resumed from the last position read.
 */
public final class GroupReader {
  /**
   * Following gives up when every relay failed this many times in a row (a dropped connection, then
   * failed reconnections after {@link Backoff}'s delays: 7 to 14 s in all): no relay answers any
   * more.
   */
  static final int GIVE_UP_AFTER = 4;

  private final ClientContext ctx;

  public GroupReader(ClientContext ctx) {
    this.ctx = ctx;
  }

  /**
   * How to read.
   *
   * @param follow keep reading new posts as they arrive
   * @param limit stop after this many shown posts
   * @param pingInterval how often to send {@code PING} on a followed connection
   */
  public record Options(boolean follow, OptionalLong limit, Duration pingInterval) {
    public static Options once() {
      return new Options(false, OptionalLong.empty(), Duration.ofSeconds(60));
    }
  }

  /**
   * How a read ended.
   *
   * @param shown posts shown
   * @param rejected deliveries refused
   * @param answered relays that answered at least once
   */
  public record Summary(int shown, int rejected, List<String> answered) {}

  private sealed interface Item {}

  private record Head(RelayTarget relay, long head) implements Item {}

  private record Delivered(RelayTarget relay, Deliver deliver) implements Item {}

  private record Down(RelayTarget relay, Throwable error) implements Item {}

  /** A post's authorship, or (null authorship) why it was refused. */
  private record Verdict(ReadEvent.Authorship authorship, String failure) {
    static Verdict refused(String why) {
      return new Verdict(null, why);
    }
  }

  private record RelayTarget(String address, RelayEntry entry, String name) {}

  /**
   * Reads the group, reporting to {@code sink} on the caller's thread; blocks until done.
   *
   * @throws ClientException if this home has not joined the group, or no relay answered
   */
  public Summary read(GroupState group, Options options, Consumer<ReadEvent> sink) {
    Ed25519KeyPair memberKey =
        group
            .memberKey()
            .orElseThrow(
                () ->
                    new ClientException(
                        "this home has not joined '"
                            + group.name()
                            + "': run `relay-cli join LINK` first"));
    GroupState g;
    try (GroupSession session = new GroupSession(ctx.options())) {
      g = ctx.refresh(group, session).group();
    }
    List<RelayTarget> targets = new ArrayList<>();
    Map<String, Long> positions = new HashMap<>();
    for (RelayState r : g.relays()) {
      if (r.joined()) {
        targets.add(
            new RelayTarget(
                r.address(), GroupState.entry(r), RelayNames.of(GroupState.entry(r).server())));
        positions.put(r.address(), r.lastSeq());
      }
    }
    if (targets.isEmpty()) {
      throw new ClientException(
          "'" + g.name() + "' lists none of the relays this member joined: join it again");
    }
    Session s = new Session(g, options, sink, targets, positions, memberKey);
    return s.run();
  }

  /** The state of one read. Items are processed one at a time, on the reader's thread. */
  private final class Session {
    private GroupState group;
    private GroupLinkData data;
    private final Options options;
    private final Consumer<ReadEvent> sink;
    private final List<RelayTarget> targets;
    private final Map<String, Long> positions;
    private final Ed25519KeyPair memberKey;
    private final Map<String, Long> heads = new HashMap<>();
    private final Set<String> failed = new HashSet<>();
    private final Map<String, Integer> strikes = new HashMap<>();
    // Failures in a row by relay address, for the reconnection delay; counted on the connections'
    // threads, so apart from the strikes, which the reader's thread keeps.
    private final Map<String, AtomicInteger> failuresInARow = new ConcurrentHashMap<>();
    private final Set<String> answered = new HashSet<>();
    private final Set<Ed25519PublicKey> refreshedFor = new HashSet<>();
    private final Set<String> shownIds = new HashSet<>();

    /** Per author: the highest author sequence number shown, and the relay that delivered it. */
    private final Map<Ed25519PublicKey, Long> authorSeq = new HashMap<>();

    private final Map<Ed25519PublicKey, String> authorSeqRelay = new HashMap<>();
    private int shown;
    private int rejected;
    private boolean stop;

    Session(
        GroupState group,
        Options options,
        Consumer<ReadEvent> sink,
        List<RelayTarget> targets,
        Map<String, Long> positions,
        Ed25519KeyPair memberKey) {
      this.group = group;
      this.data = group.linkData();
      this.options = options;
      this.sink = sink;
      this.targets = targets;
      this.positions = positions;
      this.memberKey = memberKey;
      this.shownIds.addAll(group.seenPostIds());
    }

    Summary run() {
      // A thread that may block: processing writes the state file and may fetch link data.
      Scheduler thread = Schedulers.newBoundedElastic(1, Integer.MAX_VALUE, "group-reader");
      try {
        Flux.merge(targets.stream().map(this::relay).toList())
            .publishOn(thread, 256)
            .doOnNext(this::process)
            .takeUntil(i -> stop)
            .blockLast();
      } finally {
        thread.dispose();
      }
      if (answered.isEmpty()) {
        throw new ClientException("no relay of '" + group.name() + "' answered");
      }
      if (options.follow() && !stop) {
        throw new ClientException("no relay of '" + group.name() + "' answers any more");
      }
      return new Summary(shown, rejected, List.copyOf(answered));
    }

    private Flux<Item> relay(RelayTarget t) {
      AtomicInteger failures =
          failuresInARow.computeIfAbsent(t.address(), a -> new AtomicInteger());
      Flux<Item> once =
          Flux.defer(
                  () ->
                      Flux.usingWhen(
                          RelayConnection.connect(t.entry().server(), ctx.options())
                              .flatMap(c -> checked(c, t)),
                          c -> subscribe(c, t),
                          c -> Mono.fromRunnable(c::close)))
              .doOnNext(
                  item -> {
                    if (item instanceof Head) {
                      failures.set(0);
                    }
                  });
      return once.onErrorResume(
          e -> {
            Flux<Item> down = Flux.just(new Down(t, e));
            if (!options.follow()) {
              return down;
            }
            Duration wait = Backoff.delay(failures.incrementAndGet(), ThreadLocalRandom.current());
            return down.concatWith(Mono.delay(wait).thenMany(Flux.defer(() -> relay(t))));
          });
    }

    private Mono<RelayConnection> checked(RelayConnection c, RelayTarget t) {
      if (!c.relayKey().equals(t.entry().relayKey())) {
        c.close();
        return Mono.error(
            new RelayException(
                ErrorCode.HANDSHAKE, 0, "relay identity key differs from the group's relay list"));
      }
      return Mono.just(c);
    }

    private Flux<Item> subscribe(RelayConnection c, RelayTarget t) {
      Bytes address = Bytes.of(t.entry().addressId());
      long from;
      synchronized (positions) {
        from = positions.get(t.address()) + 1;
      }
      // Listen before subscribing: deliveries follow SUBSCRIBED at once.
      Flux<Item> deliveries =
          c.events()
              .filter(
                  m ->
                      (m instanceof Deliver d && d.addressId().equals(address))
                          || m instanceof ErrorMessage)
              .map(m -> toItem(t, m));
      Mono<Item> head =
          c.request(Subscribe.sign(address, memberKey, from, c.serverNonce()))
              .map(
                  m -> {
                    if (!(m instanceof Subscribed sub)) {
                      throw new RelayException(
                          ErrorCode.UNKNOWN, 0, "relay answered SUB with " + m.tag());
                    }
                    return new Head(t, sub.headSeq());
                  });
      Flux<Item> pings =
          options.follow()
              ? Flux.interval(options.pingInterval())
                  .concatMap(i -> c.request(new Ping()))
                  .thenMany(Flux.<Item>empty())
              : Flux.empty();
      Flux<Item> items = Flux.merge(deliveries, head.flux(), pings);
      // Reading up to the head only: a relay that stops delivering before it is a denial of
      // service; it is counted as down after the timeout instead of holding up the read.
      return options.follow() ? items : items.timeout(ctx.timeout());
    }

    private Item toItem(RelayTarget t, RelayMessage m) {
      if (m instanceof ErrorMessage err) {
        throw RelayException.of(err);
      }
      return new Delivered(t, (Deliver) m);
    }

    private void process(Item item) {
      if (stop) {
        return;
      }
      if (item instanceof Head h) {
        heads.put(h.relay().address(), h.head());
        strikes.put(h.relay().address(), 0);
        answered.add(h.relay().name());
        failed.remove(h.relay().address());
      } else if (item instanceof Delivered d) {
        delivered(d);
      } else if (item instanceof Down down) {
        strikes.merge(down.relay().address(), 1, Integer::sum);
        failed.add(down.relay().address());
        sink.accept(
            new ReadEvent.RelayDown(down.relay().name(), RelayFailure.describe(down.error())));
        if (options.follow()
            && targets.stream()
                .allMatch(t -> strikes.getOrDefault(t.address(), 0) >= GIVE_UP_AFTER)) {
          throw new ClientException(
              "no relay of '"
                  + group.name()
                  + "' answers any more (last: "
                  + down.relay().name()
                  + ": "
                  + RelayFailure.describe(down.error())
                  + ")");
        }
      }
      if (!options.follow()) {
        boolean done = true;
        for (RelayTarget t : targets) {
          Long head = heads.get(t.address());
          boolean caughtUp = head != null && position(t) >= head;
          if (!caughtUp && !failed.contains(t.address())) {
            done = false;
          }
        }
        stop = stop || done;
      }
    }

    private long position(RelayTarget t) {
      synchronized (positions) {
        return positions.get(t.address());
      }
    }

    private void delivered(Delivered d) {
      RelayTarget t = d.relay();
      Deliver m = d.deliver();
      // A sequence number at or below the position is a post delivered again (after a
      // reconnect, or replayed) or one a relay held back (reordered): de-duplication by post id
      // decides, and the position never goes back.
      Post post = m.post();
      Verdict verdict = verify(post, m.certificate());
      String id = Bytes.of(post.postId()).toBase64Url();
      boolean show = verdict.authorship() != null && !shownIds.contains(id);
      if (show) {
        shownIds.add(id);
        shown++;
        sink.accept(new ReadEvent.Shown(t.name(), post, verdict.authorship()));
        Long highest = authorSeq.get(post.author());
        if (highest != null && post.authorSeq() < highest) {
          sink.accept(
              new ReadEvent.OutOfOrder(
                  authorSeqRelay.get(post.author()), highest, t.name(), post.authorSeq(), post));
        } else {
          authorSeq.put(post.author(), post.authorSeq());
          authorSeqRelay.put(post.author(), t.name());
        }
      } else if (verdict.authorship() == null) {
        rejected++;
        sink.accept(new ReadEvent.Rejected(t.name(), m.seq(), verdict.failure()));
      }
      synchronized (positions) {
        positions.merge(t.address(), m.seq(), Math::max);
      }
      group =
          ctx.home()
              .update(
                  group,
                  g -> {
                    g.advance(t.address(), m.seq());
                    if (show) {
                      g.markSeen(List.of(post.postId()));
                    }
                  });
      if (options.limit().isPresent() && shown >= options.limit().getAsLong()) {
        stop = true;
      }
    }

    /** The post's authorship if it verifies, else why not. */
    private Verdict verify(Post post, Optional<MemberCertificate> cert) {
      boolean channel = data.fixed().type() == GroupType.CHANNEL;
      if (!data.isOwner(post.author()) && refreshedFor.add(post.author())) {
        // Perhaps an owner added since this client last fetched the link data.
        refreshLinkData();
      }
      if (!post.signatureValid(data.groupId())) {
        return Verdict.refused(
            LinkDataException.Failure.BAD_SIGNATURE + ": the post's signature does not verify");
      }
      if (data.isOwner(post.author())) {
        return new Verdict(ReadEvent.Authorship.OWNER, null);
      }
      if (channel) {
        return Verdict.refused(
            LinkDataException.Failure.UNAUTHORISED_SIGNER
                + ": the author is not an owner of the channel");
      }
      if (cert.isPresent()
          && cert.get().memberKey().equals(post.author())
          && !data.isOwner(cert.get().owner())
          && refreshedFor.add(cert.get().owner())) {
        refreshLinkData();
      }
      boolean certified =
          cert.isPresent()
              && cert.get().memberKey().equals(post.author())
              && cert.get().validFor(data);
      return new Verdict(
          certified ? ReadEvent.Authorship.CERTIFIED : ReadEvent.Authorship.UNVERIFIED, null);
    }

    private void refreshLinkData() {
      try (GroupSession session = new GroupSession(ctx.options())) {
        group = ctx.refresh(group, session).group();
        data = group.linkData();
      }
    }
  }
}
