package io.chatrelay.client.owner;

import io.chatrelay.client.group.ClientContext;
import io.chatrelay.client.group.ClientException;
import io.chatrelay.client.group.GroupSession;
import io.chatrelay.client.group.LinkResolver;
import io.chatrelay.client.group.Outcome;
import io.chatrelay.client.group.PerRelay;
import io.chatrelay.client.group.RelayFailure;
import io.chatrelay.client.group.RelayNames;
import io.chatrelay.client.state.GroupState;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.group.FixedLinkData;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.group.GroupProfile;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.LinkDataException;
import io.chatrelay.codec.group.MemberCertificate;
import io.chatrelay.codec.group.MutableLinkData;
import io.chatrelay.codec.group.OwnerAction;
import io.chatrelay.codec.group.OwnerAuth;
import io.chatrelay.codec.group.OwnerCommand;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.group.SignedLinkData;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.LinkType;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.ShortLinkScheme;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.message.Accepted;
import io.chatrelay.codec.message.Certify;
import io.chatrelay.codec.message.Command;
import io.chatrelay.codec.message.Invite;
import io.chatrelay.codec.message.LinkUpdate;
import io.chatrelay.codec.message.LogEntry;
import io.chatrelay.codec.message.Rejected;
import io.chatrelay.codec.message.RelayMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What an owner does with a group: create it on relays, change its relays, profile and owners,
 * suspend or resume joins, read the relay service log, certify members, delete the group link.
 *
 * <p>Every key is made for one group only: the root key of a new group, the owner key a second
 * owner adopts, the connection per relay. Each operation first fetches the group's newest link data
 * from its relays ({@link ClientContext#refresh}), so changes another owner made are built upon,
 * not overwritten; then it signs the next version and sends it to every relay concerned ({@code
 * LINKUPD}). Methods block: call them from an application thread, not an event loop.
 */
public final class OwnerClient {
  /** A non-following log read ends when no entry arrived for this long (the relay sends no end). */
  private final ClientContext ctx;

  public OwnerClient(ClientContext ctx) {
    this.ctx = ctx;
  }

  // ---- create ---------------------------------------------------------------------------------

  /**
   * A new group.
   *
   * @param group its stored state
   * @param link the group link to share
   * @param accepted relays that serve it ({@code host:port})
   * @param refused relays that rejected the invitation or could not be reached, with reasons
   * @param warnings relays that accepted but did not confirm the signed relay list
   */
  public record Created(
      GroupState group,
      GroupShortLink link,
      List<String> accepted,
      List<RelayFailure> refused,
      List<RelayFailure> warnings) {}

  /**
   * Creates a group: fresh root key, fixed and signed link data, an invitation to each relay on a
   * connection of its own, then the signed relay list of those that accepted, sent to each.
   *
   * @throws ClientException for a bad name or relay address, or when no relay accepts
   */
  public Created create(
      String name, GroupType type, Optional<String> description, List<RelayShortLink> relays) {
    GroupProfile profile = profile(name, description.orElse(null));
    List<SmpServer> servers = serverAddresses(relays);
    Ed25519KeyPair root = Ed25519KeyPair.generate(ctx.random());
    FixedLinkData fixed = FixedLinkData.create(type, root.publicKey());
    MutableLinkData first = new MutableLinkData(1, List.of(), profile.toJson(), List.of());
    SignedLinkData signedFirst = SignedLinkData.sign(fixed, first, root);
    try (GroupSession session = new GroupSession(ctx.options())) {
      List<Invited> answers =
          Flux.fromIterable(servers)
              .flatMapSequential(s -> invite(session, s, fixed, signedFirst, root), 16)
              .collectList()
              .block(ctx.timeout().plusSeconds(30));
      List<RelayEntry> entries = new ArrayList<>();
      List<RelayFailure> refused = new ArrayList<>();
      for (Invited a : answers) {
        a.entry().ifPresentOrElse(entries::add, () -> refused.add(a.failure()));
      }
      if (entries.isEmpty()) {
        throw new ClientException(
            "no relay accepted '" + name + "': " + join(refused.stream().map(Object::toString)));
      }
      MutableLinkData next = first.withRelays(entries);
      Published published = publish(session, fixed, next, root, entries);
      GroupShortLink link = linkOf(fixed, entries);
      GroupState state = GroupState.of(name, link, published.data());
      state.setOwnerKey(root, true);
      state = ctx.home().create(state);
      for (RelayShortLink r : relays) {
        if (entries.stream().anyMatch(e -> e.server().equals(r.server()))) {
          ctx.home().addRelay(r);
        }
      }
      List<String> accepted = entries.stream().map(e -> RelayNames.of(e.server())).toList();
      return new Created(state, link, accepted, refused, published.outcome().failed());
    }
  }

  private record Invited(SmpServer server, Optional<RelayEntry> entry, RelayFailure failure) {}

  private Mono<Invited> invite(
      GroupSession session,
      SmpServer server,
      FixedLinkData fixed,
      SignedLinkData signed,
      Ed25519KeyPair prover) {
    return session
        .connection(server)
        .flatMap(
            c ->
                c.request(
                        new Invite(
                            Bytes.of(fixed.encode()),
                            Bytes.of(signed.encode()),
                            prover.publicKey(),
                            Invite.prove(
                                prover, server.keyHash(), c.serverNonce(), fixed.linkKey())))
                    .map(m -> invited(server, m, c.relayKey())))
        .onErrorResume(
            e -> Mono.just(new Invited(server, Optional.empty(), RelayFailure.of(server, e))));
  }

  private static Invited invited(SmpServer server, RelayMessage m, Ed25519PublicKey relayKey) {
    if (m instanceof Accepted a) {
      RelayEntry e = a.address();
      if (!java.util.Arrays.equals(e.keyHash(), server.keyHash())
          || !e.relayKey().equals(relayKey)) {
        return new Invited(
            server,
            Optional.empty(),
            new RelayFailure(
                RelayNames.of(server), "accepted with an address naming another relay identity"));
      }
      return new Invited(server, Optional.of(e), null);
    }
    if (m instanceof Rejected r) {
      return new Invited(
          server,
          Optional.empty(),
          new RelayFailure(RelayNames.of(server), "rejected (" + r.reason() + "): " + r.text()));
    }
    return new Invited(
        server,
        Optional.empty(),
        new RelayFailure(RelayNames.of(server), "answered the invitation with " + m.tag()));
  }

  // ---- adopt (a second owner's side) ------------------------------------------------------------

  /**
   * The state a prospective owner keeps after {@link #adopt}.
   *
   * @param group the stored group
   * @param ownerKey the fresh owner key to have an existing owner add ({@code channel owners add})
   * @param failures relays that did not serve verifiable link data
   */
  public record Adopted(GroupState group, Ed25519PublicKey ownerKey, List<RelayFailure> failures) {}

  /**
   * Prepares to become an owner of the group of {@code link}: fetches and verifies its link data
   * and makes a fresh owner key for this group only. The key signs nothing until an owner adds it
   * to the signed owner chain; this client then learns the chain from the link data.
   *
   * @throws ClientException if no relay serves verifiable data, or this home already holds an owner
   *     key for the group
   */
  public Adopted adopt(GroupShortLink link, Optional<String> localName) {
    Optional<GroupState> existing = ctx.home().byLinkKey(link.linkKey());
    if (existing.isPresent() && existing.get().ownerKey().isPresent()) {
      throw new ClientException(
          "this home already holds an owner key for '" + existing.get().name() + "'");
    }
    try (GroupSession session = new GroupSession(ctx.options())) {
      LinkResolver.Resolution r =
          LinkResolver.resolve(
              session,
              link.linkKey(),
              link.allRelays(),
              existing.map(GroupState::linkDataVersion).orElse(0L),
              ctx.timeout());
      GroupLinkData data =
          r.data()
              .orElseThrow(
                  () ->
                      new ClientException(
                          "no relay of the link served valid link data: "
                              + join(r.failures().stream().map(Object::toString))));
      Ed25519KeyPair key = Ed25519KeyPair.generate(ctx.random());
      GroupState state;
      if (existing.isPresent()) {
        state =
            ctx.home()
                .update(
                    existing.get(),
                    g -> {
                      g.acceptLinkData(data);
                      g.setOwnerKey(key, false);
                    });
      } else {
        GroupState fresh = GroupState.of(localName.orElse(profileName(data)), link, data);
        fresh.setOwnerKey(key, false);
        state = ctx.home().create(fresh);
      }
      return new Adopted(state, key.publicKey(), r.failures());
    }
  }

  // ---- the operations on an existing group ------------------------------------------------------

  /** The group, its newest link data, this owner's key and unreachable relays. */
  private record Op(
      GroupState group, GroupLinkData data, Ed25519KeyPair key, List<RelayFailure> unreachable) {
    List<RelayEntry> relays() {
      return data.data().relays();
    }
  }

  private Op prepare(GroupState g, GroupSession session) {
    Ed25519KeyPair key =
        g.ownerKey()
            .orElseThrow(
                () -> new ClientException("this home holds no owner key for '" + g.name() + "'"));
    ClientContext.Refreshed r = ctx.refresh(g, session);
    if (!r.data().isOwner(key.publicKey())) {
      throw new ClientException(
          "your owner key for '"
              + g.name()
              + "' is not in the group's signed owner chain yet: ask an owner to run"
              + " `relay-cli channel owners add CHANNEL "
              + Base64Url.encodeUnpadded(key.publicKey().bytes())
              + "`");
    }
    return new Op(r.group(), r.data(), key, r.failures());
  }

  /**
   * The result of a change to the link data.
   *
   * @param group the stored state afterwards
   * @param version the version now signed
   * @param outcome which relays confirmed it
   */
  public record Changed(GroupState group, long version, Outcome outcome) {}

  /**
   * Adds a relay: invites it with the current link data, then signs and sends the relay list with
   * its new address to every relay.
   *
   * @throws ClientException if the relay already serves the group, or rejects it
   */
  public Changed addRelay(GroupState g, RelayShortLink relay) {
    SmpServer server = serverAddresses(List.of(relay)).get(0);
    try (GroupSession session = new GroupSession(ctx.options())) {
      Op op = prepare(g, session);
      if (op.relays().stream().anyMatch(e -> sameRelay(e, server))) {
        throw new ClientException(RelayNames.of(server) + " already serves '" + g.name() + "'");
      }
      Invited answer =
          invite(session, server, op.group().fixed(), op.data().signed(), op.key())
              .block(ctx.timeout().plusSeconds(30));
      if (answer.entry().isEmpty()) {
        throw new ClientException(answer.failure().toString());
      }
      List<RelayEntry> relays = new ArrayList<>(op.relays());
      relays.add(answer.entry().get());
      Changed c = change(session, op, op.data().data().withRelays(relays), relays);
      ctx.home().addRelay(relay);
      return c;
    }
  }

  /**
   * Removes a relay from the group's relay list; the relay stops serving the group when it receives
   * the list without its address.
   *
   * @throws ClientException if it is not a relay of the group, or is the last one (deleting the
   *     group link is {@link #delete})
   */
  public Changed removeRelay(GroupState g, RelayShortLink relay) {
    try (GroupSession session = new GroupSession(ctx.options())) {
      Op op = prepare(g, session);
      List<RelayEntry> kept =
          op.relays().stream().filter(e -> !sameRelay(e, relay.server())).toList();
      if (kept.size() == op.relays().size()) {
        throw new ClientException(
            RelayNames.of(relay.server()) + " is not a relay of '" + g.name() + "'");
      }
      if (kept.isEmpty()) {
        throw new ClientException(
            "that is the last relay of '"
                + g.name()
                + "': removing it removes the group link; use `relay-cli channel delete "
                + g.name()
                + "`");
      }
      return change(session, op, op.data().data().withRelays(kept), op.relays());
    }
  }

  /** Changes the profile members see (name, description). */
  public Changed setProfile(GroupState g, Optional<String> name, Optional<String> description) {
    if (name.isEmpty() && description.isEmpty()) {
      throw new ClientException("give --name or --description");
    }
    try (GroupSession session = new GroupSession(ctx.options())) {
      Op op = prepare(g, session);
      GroupProfile current;
      try {
        current = GroupProfile.parse(op.data().data().profile());
      } catch (DecodeException e) {
        current = null;
      }
      GroupProfile next =
          profile(
              name.orElse(current == null ? g.name() : current.name()),
              description.orElse(current == null ? null : current.description()));
      return change(session, op, op.data().data().withProfile(next.toJson()), op.relays());
    }
  }

  /**
   * Adds an owner key to the signed owner chain, authorised by this owner (the root, or this
   * owner's entry in the chain).
   */
  public Changed addOwner(GroupState g, Ed25519PublicKey newOwner) {
    try (GroupSession session = new GroupSession(ctx.options())) {
      Op op = prepare(g, session);
      if (op.data().isOwner(newOwner)) {
        throw new ClientException("that key is already an owner of '" + g.name() + "'");
      }
      List<OwnerAuth> chain = new ArrayList<>(op.data().data().owners());
      int authorisedBy = 0;
      if (!op.key().publicKey().equals(op.data().fixed().rootKey())) {
        for (int i = 0; i < chain.size(); i++) {
          if (chain.get(i).ownerKey().equals(op.key().publicKey())) {
            authorisedBy = i + 1;
          }
        }
      }
      chain.add(
          OwnerAuth.create(
              op.data().groupId(), ctx.randomBytes(16), newOwner, authorisedBy, op.key()));
      MutableLinkData next;
      try {
        next = op.data().data().withOwners(chain);
      } catch (DecodeException e) {
        throw new ClientException(e.getMessage());
      }
      return change(session, op, next, op.relays());
    }
  }

  /**
   * Deletes the group link: signs a relay list with no relay and sends it to every relay, each of
   * which stops serving the group (the link then resolves nowhere). When every relay confirmed, the
   * local state of the group is deleted too; otherwise it is kept so the command can be repeated.
   */
  public Outcome delete(GroupState g) {
    try (GroupSession session = new GroupSession(ctx.options())) {
      Op op = prepare(g, session);
      if (op.relays().isEmpty()) {
        ctx.home().delete(op.group());
        return new Outcome(List.of(), List.of());
      }
      Published p =
          publish(
              session,
              op.group().fixed(),
              op.data().data().withRelays(List.of()),
              op.key(),
              op.relays());
      if (p.outcome().failed().isEmpty()) {
        ctx.home().delete(op.group());
      }
      return p.outcome();
    }
  }

  /** Sends a signed command (suspend or resume joins) to every relay of the group. */
  public Outcome command(GroupState g, OwnerAction action) {
    if (action instanceof OwnerAction.ReadLog) {
      throw new IllegalArgumentException("use log()");
    }
    try (GroupSession session = new GroupSession(ctx.options())) {
      Op op = prepare(g, session);
      return PerRelay.expectOk(
          session,
          op.relays(),
          (c, e) -> c.request(new Command(sign(op, e, action))),
          ctx.timeout());
    }
  }

  /**
   * Certifies a member key: an owner-signed statement that the key belongs to an admitted member,
   * sent to every relay ({@code CERT}); relays attach it to the member's posts, and readers show
   * posts of keys without one as unverified.
   */
  public Outcome certify(GroupState g, Ed25519PublicKey member) {
    if (g.type() != GroupType.GROUP) {
      throw new ClientException(
          "'" + g.name() + "' is a channel: only owners post there, there is no member to certify");
    }
    try (GroupSession session = new GroupSession(ctx.options())) {
      Op op = prepare(g, session);
      MemberCertificate cert =
          MemberCertificate.issue(op.data().groupId(), member, ctx.clock().millis(), op.key());
      return PerRelay.expectOk(
          session,
          op.relays(),
          (c, e) -> c.request(new Certify(Bytes.of(e.addressId()), cert)),
          ctx.timeout());
    }
  }

  /**
   * One entry of a relay service log.
   *
   * @param relay the relay that keeps it
   * @param seq its sequence number in that relay's log of the group
   * @param at when the relay logged it (ms since the epoch)
   * @param kind {@code ACCEPTED}, {@code LINK_UPDATED}, {@code VALIDATED}, {@code COMMAND}, …
   * @param detail the decoded content, for commands with their signer and whether the owner's
   *     signature verifies
   */
  public record LogLine(String relay, long seq, long at, String kind, String detail) {}

  /** The service logs of all relays of the group, and the relays that could not be read. */
  public record Log(List<LogLine> lines, List<RelayFailure> failures) {}

  /**
   * Reads every relay's service log of the group ({@code CMD ReadLog}): the relay sends every
   * entry, then answers {@code OK}, which marks the end.
   */
  public Log log(GroupState g) {
    try (GroupSession session = new GroupSession(ctx.options())) {
      Op op = prepare(g, session);
      Map<RelayEntry, Object> results = new LinkedHashMap<>();
      Flux.fromIterable(op.relays())
          .flatMap(
              e ->
                  readLog(session, op, e)
                      .map(l -> (Object) l)
                      .onErrorResume(x -> Mono.just(x))
                      .doOnNext(
                          r -> {
                            synchronized (results) {
                              results.put(e, r);
                            }
                          }),
              16)
          .then()
          .block(ctx.timeout().plusSeconds(60));
      List<LogLine> lines = new ArrayList<>();
      List<RelayFailure> failures = new ArrayList<>();
      for (RelayEntry e : op.relays()) {
        Object r = results.get(e);
        if (r instanceof Throwable t) {
          failures.add(RelayFailure.of(e.server(), t));
        } else if (r instanceof List<?> list) {
          for (Object o : list) {
            LogEntry le = (LogEntry) o;
            lines.add(
                new LogLine(
                    RelayNames.of(e.server()),
                    le.seq(),
                    le.at(),
                    le.kind(),
                    detail(le, op.data())));
          }
        } else {
          failures.add(new RelayFailure(RelayNames.of(e.server()), "no answer"));
        }
      }
      lines.sort(Comparator.comparing(LogLine::relay).thenComparingLong(LogLine::seq));
      return new Log(lines, failures);
    }
  }

  private Mono<List<LogEntry>> readLog(GroupSession session, Op op, RelayEntry e) {
    Bytes address = Bytes.of(e.addressId());
    return session
        .connection(e)
        .flatMap(
            c -> {
              // Listen before asking. The relay sends every entry, then OK (the end of the log);
              // frames are handled in order, so all entries are here when OK completes the ask.
              List<LogEntry> got = java.util.Collections.synchronizedList(new ArrayList<>());
              reactor.core.Disposable listening =
                  c.events()
                      .ofType(LogEntry.class)
                      .filter(l -> l.addressId().equals(address))
                      .subscribe(got::add);
              return c.request(new Command(sign(op, e, new OwnerAction.ReadLog(1, false))))
                  .doFinally(x -> listening.dispose())
                  .map(ok -> List.copyOf(got));
            });
  }

  private static String detail(LogEntry e, GroupLinkData data) {
    byte[] d = e.data().toByteArray();
    try {
      switch (e.kind()) {
        case "ACCEPTED":
          RelayEntry entry = BinaryReader.decodeAll(d, RelayEntry::read);
          return "per-group address " + entry.toLink().print();
        case "LINK_UPDATED":
          return "link data version " + ByteBuffer.wrap(d).getLong();
        case "COMMAND":
          OwnerCommand cmd = OwnerCommand.decode(d);
          String verified;
          try {
            cmd.verify(data);
            verified = "owner signature verified";
          } catch (LinkDataException x) {
            verified = "signature NOT verified (" + x.failure() + ")";
          }
          return actionName(cmd.action()) + " by owner " + shortKey(cmd.signer()) + ", " + verified;
        default:
          return d.length == 0 ? "" : d.length + " bytes";
      }
    } catch (DecodeException | java.nio.BufferUnderflowException x) {
      return "undecodable (" + d.length + " bytes)";
    }
  }

  private static String actionName(OwnerAction a) {
    if (a instanceof OwnerAction.SuspendJoins) {
      return "suspend joins";
    }
    if (a instanceof OwnerAction.ResumeJoins) {
      return "resume joins";
    }
    if (a instanceof OwnerAction.RemoveRelay) {
      return "remove relay";
    }
    return "read log";
  }

  /** The group link naming the group's current relays (the first as the link's server). */
  public static GroupShortLink currentLink(GroupState g) {
    List<RelayEntry> relays = g.linkData().data().relays();
    if (relays.isEmpty()) {
      return g.link();
    }
    return linkOf(g.fixed(), relays);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private OwnerCommand sign(Op op, RelayEntry e, OwnerAction action) {
    return OwnerCommand.sign(
        op.data().groupId(),
        e.addressId(),
        ctx.randomBytes(16),
        ctx.clock().millis(),
        action,
        op.key());
  }

  /** Signs {@code next}, stores it and sends it to {@code notify} (the old and new relays). */
  private Changed change(
      GroupSession session, Op op, MutableLinkData next, List<RelayEntry> notify) {
    List<RelayEntry> targets = new ArrayList<>(notify);
    for (RelayEntry e : next.relays()) {
      if (!targets.contains(e)) {
        targets.add(e);
      }
    }
    Published p = publish(session, op.group().fixed(), next, op.key(), targets);
    if (!p.outcome().anySucceeded()) {
      throw new ClientException(
          "no relay took the new link data: "
              + join(p.outcome().failed().stream().map(Object::toString)));
    }
    GroupState stored = ctx.home().update(op.group(), s -> s.acceptLinkData(p.data()));
    return new Changed(stored, p.data().version(), p.outcome());
  }

  private record Published(GroupLinkData data, Outcome outcome) {}

  private Published publish(
      GroupSession session,
      FixedLinkData fixed,
      MutableLinkData next,
      Ed25519KeyPair signer,
      List<RelayEntry> notify) {
    SignedLinkData signed = SignedLinkData.sign(fixed, next, signer);
    // Checked as members will check it, before any relay sees it.
    GroupLinkData verified = GroupLinkData.verify(fixed.linkKey(), fixed.encode(), signed.encode());
    Outcome outcome =
        PerRelay.expectOk(
            session,
            notify,
            (c, e) -> c.request(new LinkUpdate(Bytes.of(e.addressId()), Bytes.of(signed.encode()))),
            ctx.timeout());
    return new Published(verified, outcome);
  }

  static GroupShortLink linkOf(FixedLinkData fixed, List<RelayEntry> relays) {
    List<SmpServer> extra = new ArrayList<>();
    for (RelayEntry e : relays.subList(1, relays.size())) {
      if (!extra.contains(e.server()) && !e.server().equals(relays.get(0).server())) {
        extra.add(e.server());
      }
    }
    return new GroupShortLink(
        ShortLinkScheme.HTTPS,
        fixed.type() == GroupType.CHANNEL ? LinkType.CHANNEL : LinkType.GROUP,
        relays.get(0).server(),
        fixed.linkKey(),
        extra);
  }

  private static boolean sameRelay(RelayEntry e, SmpServer server) {
    return java.util.Arrays.equals(e.keyHash(), server.keyHash());
  }

  private static List<SmpServer> serverAddresses(List<RelayShortLink> relays) {
    if (relays.isEmpty()) {
      throw new ClientException("name at least one relay (--relay LINK)");
    }
    List<SmpServer> out = new ArrayList<>();
    for (RelayShortLink r : relays) {
      if (r.isLegacy()) {
        throw new ClientException(
            "that is one group's address at a relay (legacy form), not the relay's own address");
      }
      if (r.server().keyHash().length != 32) {
        throw new ClientException("relay address without a key hash (c=): " + r.print());
      }
      if (!out.contains(r.server())) {
        out.add(r.server());
      }
    }
    return out;
  }

  private static GroupProfile profile(String name, String description) {
    try {
      return new GroupProfile(name, description);
    } catch (DecodeException e) {
      throw new ClientException(e.getMessage());
    }
  }

  static String profileName(GroupLinkData data) {
    try {
      return GroupProfile.parse(data.data().profile()).name();
    } catch (DecodeException e) {
      return "group";
    }
  }

  /** The first 8 characters of a key's base64url: enough to tell owners and members apart. */
  public static String shortKey(Ed25519PublicKey key) {
    return Base64Url.encodeUnpadded(key.bytes()).substring(0, 8);
  }

  private static String join(java.util.stream.Stream<String> parts) {
    return String.join("; ", parts.toList());
  }
}
