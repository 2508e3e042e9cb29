package io.chatrelay.server.onboarding;

import io.chatrelay.codec.crypto.Hashes;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.group.FixedLinkData;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.group.GroupProfile;
import io.chatrelay.codec.group.LinkDataException;
import io.chatrelay.codec.group.OwnerAction;
import io.chatrelay.codec.group.OwnerCommand;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.message.Accepted;
import io.chatrelay.codec.message.Command;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.GetLink;
import io.chatrelay.codec.message.Invite;
import io.chatrelay.codec.message.LinkData;
import io.chatrelay.codec.message.LinkUpdate;
import io.chatrelay.codec.message.LogEntry;
import io.chatrelay.codec.message.Ok;
import io.chatrelay.codec.message.Rejected;
import io.chatrelay.codec.message.RelayMessage;
import io.chatrelay.server.config.RelayConfig;
import io.chatrelay.server.identity.RelayKeys;
import io.chatrelay.server.limits.CheckLanes;
import io.chatrelay.server.metrics.RelayMetrics;
import io.chatrelay.server.metrics.RelayMetrics.LinkUpdateOutcome;
import io.chatrelay.server.transport.RelaySession;
import io.chatrelay.store.RelayStore;
import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.group.GroupState;
import io.chatrelay.store.group.GroupType;
import io.chatrelay.store.group.RegisteredGroup;
import io.chatrelay.store.log.NewServiceLogEntry;
import io.chatrelay.store.log.ServiceLogEntry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The owner ↔ relay half of the protocol: invitations, link data updates ("profile updated"), owner
 * commands and the relay service log, and link data hosting.
 *
 * <p>Every handler checks everything before it changes anything: a refused request leaves the store
 * as it was. Signature checks run on {@code crypto} (a few threads, taking turns between groups;
 * invitations have a lane of their own), never on the event loop.
 */
public final class OnboardingService {
  private static final Logger log = LoggerFactory.getLogger(OnboardingService.class);

  // The outcomes of relay.invitations besides the rejections' reasons.
  private static final String INVITATION_ACCEPTED = "accepted";
  private static final String INVITATION_REPEATED = "repeated";

  /** Commands older or newer than this (by the owner's clock) are refused as replays. */
  static final Duration COMMAND_WINDOW = Duration.ofMinutes(10);

  private final RelayStore store;
  private final RelayKeys keys;
  private final RelayConfig config;
  private final RelayMetrics metrics;
  private final GroupDirectory directory;
  private final ServiceLogHub logHub;

  /** The lane of invitations' checks: no group exists yet. */
  private static final Object INVITATIONS = new Object();

  private final CheckLanes crypto;
  private final Clock clock;
  private final SmpServer self;
  private final io.chatrelay.server.cluster.ClusterBus bus;

  public OnboardingService(
      RelayStore store,
      RelayKeys keys,
      RelayConfig config,
      RelayMetrics metrics,
      GroupDirectory directory,
      ServiceLogHub logHub,
      CheckLanes crypto,
      Clock clock,
      io.chatrelay.server.cluster.ClusterBus bus) {
    this.bus = bus;
    this.store = store;
    this.keys = keys;
    this.config = config;
    this.metrics = metrics;
    this.directory = directory;
    this.logHub = logHub;
    this.crypto = crypto;
    this.clock = clock;
    List<String> invitations = new ArrayList<>(List.of(INVITATION_ACCEPTED, INVITATION_REPEATED));
    for (Rejection.Reason r : Rejection.Reason.values()) {
      invitations.add(invitationOutcome(r));
    }
    metrics.expect(RelayMetrics.INVITATIONS, "outcome", invitations);
    int port = config.advertisedPort();
    this.self =
        new SmpServer(
            config.publicHosts(),
            port == 443 ? OptionalInt.empty() : OptionalInt.of(port),
            keys.keyHash());
  }

  /** This relay's server (public hosts, port, key hash), as relay links name it. */
  public SmpServer server() {
    return self;
  }

  // ---- INVITE ---------------------------------------------------------------------------------

  /** Handles {@code INVITE}: verify, apply the admission policy, register (idempotently). */
  public Mono<RelayMessage> invite(RelaySession session, Invite m) {
    byte[] nonce = session.serverNonce();
    return crypto
        .run(INVITATIONS, () -> verifyInvitation(m, nonce))
        .flatMap(this::admitAndRegister)
        .map(reg -> (RelayMessage) new Accepted(entry(reg.address().addressId())))
        .onErrorResume(
            Rejection.class,
            r -> {
              metrics.invitation(invitationOutcome(r.reason));
              log.info("{} invitation rejected: {} {}", session.id(), r.reason, r.getMessage());
              return Mono.just(new Rejected(r.reason.name(), r.getMessage()));
            });
  }

  /** A rejected invitation's tag value in {@code relay.invitations}: its reason, lower case. */
  private static String invitationOutcome(Rejection.Reason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }

  private GroupLinkData verifyInvitation(Invite m, byte[] serverNonce) {
    byte[] fixed = m.fixedData().toByteArray();
    byte[] linkKey = Hashes.sha3_256(fixed);
    GroupLinkData data;
    try {
      data = GroupLinkData.verify(linkKey, fixed, m.signedLinkData().toByteArray());
    } catch (LinkDataException e) {
      throw new Rejection(
          Rejection.Reason.LINK_DATA, "invalid link data (" + e.failure() + "): " + e.getMessage());
    }
    if (!data.isOwner(m.proofKey()) || !m.proofValid(keys.keyHash(), serverNonce, linkKey)) {
      throw new Rejection(
          Rejection.Reason.PROOF, "the invitation is not signed by an owner key of this group");
    }
    return data;
  }

  private Mono<RegisteredGroup> admitAndRegister(GroupLinkData data) {
    byte[] groupId = data.groupId();
    return store
        .groups()
        .find(groupId)
        .map(existing -> true)
        .defaultIfEmpty(false)
        .flatMap(
            exists -> {
              if (!exists) {
                checkPolicy(data);
              }
              Mono<Boolean> capacity =
                  exists
                      ? Mono.just(true)
                      : store.groups().count().map(n -> n < config.limits().maxGroups());
              return capacity;
            })
        .flatMap(
            room -> {
              if (!room) {
                return Mono.error(
                    new Rejection(
                        Rejection.Reason.CAPACITY,
                        "this relay serves its maximum number of groups"));
              }
              FixedLinkData fixed = data.fixed();
              return store
                  .groups()
                  .register(
                      new GroupRegistration(
                          groupId,
                          data.linkKey(),
                          fixed.type() == io.chatrelay.codec.group.GroupType.CHANNEL
                              ? GroupType.CHANNEL
                              : GroupType.GROUP,
                          fixed.encode(),
                          data.signed().encode(),
                          data.version()));
            })
        .flatMap(
            reg -> {
              if (reg.group().state() == GroupState.REMOVED) {
                return Mono.error(
                    new Rejection(
                        Rejection.Reason.POLICY, "the owners removed this relay from the group"));
              }
              if (!reg.created()) {
                metrics.invitation(INVITATION_REPEATED);
                log.debug(
                    "{} invitation repeated: same address",
                    Bytes.of(reg.address().addressId()).toBase64Url());
                return Mono.just(reg);
              }
              metrics.invitation(INVITATION_ACCEPTED);
              byte[] address = reg.address().addressId();
              log.info("{} accepted group, address created", Bytes.of(address).toBase64Url());
              RelayEntry entry = entry(address);
              return logHub
                  .append(groupId, NewServiceLogEntry.byRelay("ACCEPTED", encode(entry)))
                  .thenReturn(reg);
            });
  }

  private void checkPolicy(GroupLinkData data) {
    String groupId = Bytes.of(data.groupId()).toBase64Url();
    if (!config.admission().allows(groupId)) {
      throw new Rejection(
          Rejection.Reason.POLICY, "this relay accepts only groups on its allow-list");
    }
    GroupProfile profile;
    try {
      profile = GroupProfile.parse(data.data().profile());
    } catch (DecodeException e) {
      throw new Rejection(
          Rejection.Reason.CONTENT, "the group profile is not valid: " + e.getMessage());
    }
    String word = config.admission().refusedWordIn(profile.name());
    if (word == null) {
      word = config.admission().refusedWordIn(profile.description());
    }
    if (word != null) {
      throw new Rejection(
          Rejection.Reason.CONTENT, "the group profile contains a word this relay refuses");
    }
  }

  /** The per-group relay address entry for {@code addressId} at this relay. */
  public RelayEntry entry(byte[] addressId) {
    return new RelayEntry(self, addressId, keys.keyPair().publicKey());
  }

  // ---- LINKUPD --------------------------------------------------------------------------------

  /** Handles {@code LINKUPD}: verify, refuse rollback, validate or stop serving. */
  public Mono<RelayMessage> linkUpdate(RelaySession session, LinkUpdate m) {
    byte[] addressId = m.addressId().toByteArray();
    byte[] signed = m.signedLinkData().toByteArray();
    return directory
        .byAddress(addressId)
        .switchIfEmpty(
            Mono.error(() -> new Refusal(ErrorCode.UNKNOWN_ADDRESS, "no group at this address")))
        .flatMap(
            served -> {
              if (served.state() == GroupState.REMOVED) {
                return Mono.error(new Refusal(ErrorCode.NOT_ACTIVE, "this relay left the group"));
              }
              return crypto
                  .run(served.groupKey(), () -> verifyUpdate(served, signed))
                  .flatMap(data -> applyUpdate(served, data, signed));
            });
  }

  private GroupLinkData verifyUpdate(ServedGroup served, byte[] signed) {
    GroupLinkData data;
    try {
      data = GroupLinkData.verify(served.group().linkKey(), served.group().fixedLinkData(), signed);
    } catch (LinkDataException e) {
      throw refusal(e);
    }
    long stored = served.group().linkDataVersion();
    if (data.version() < stored
        || (data.version() == stored && !Arrays.equals(signed, served.group().linkData()))) {
      metrics.linkUpdate(LinkUpdateOutcome.STALE);
      throw new Refusal(
          ErrorCode.STALE_LINK_DATA,
          "link data version " + data.version() + " is not newer than " + stored);
    }
    return data;
  }

  private Mono<RelayMessage> applyUpdate(ServedGroup served, GroupLinkData data, byte[] signed) {
    byte[] groupId = served.groupId();
    byte[] addressId = served.addressId();
    boolean listsUs =
        data.data().relays().stream().anyMatch(e -> e.matches(keys.keyHash(), addressId));
    boolean same = data.version() == served.group().linkDataVersion();
    if (!listsUs) {
      if (served.state() == GroupState.PENDING) {
        metrics.linkUpdate(LinkUpdateOutcome.NOT_LISTED);
        return Mono.error(
            new Refusal(
                ErrorCode.INVALID_LINK_DATA,
                "the relay list does not include this relay's address for the group"));
      }
      // Removal from the relay list: the owners dropped this relay; stop serving the group.
      metrics.linkUpdate(LinkUpdateOutcome.REMOVED);
      log.info(
          "{} removed from the relay list (link data version {}), leaving the group",
          Bytes.of(addressId).toBase64Url(),
          data.version());
      return store
          .groups()
          .updateLinkData(groupId, data.version(), signed)
          .then(logHub.append(groupId, linkUpdated(data)))
          .then(store.groups().setState(groupId, GroupState.REMOVED))
          .then(logHub.append(groupId, NewServiceLogEntry.byRelay("REMOVED", new byte[0])))
          .then(refreshed(served))
          .thenReturn(new Ok());
    }
    Mono<?> update =
        same
            ? Mono.empty()
            : store
                .groups()
                .updateLinkData(groupId, data.version(), signed)
                .then(logHub.append(groupId, linkUpdated(data)))
                .doOnSuccess(
                    x ->
                        log.info(
                            "{} link data updated to version {}",
                            Bytes.of(addressId).toBase64Url(),
                            data.version()));
    Mono<?> validate =
        served.address().validated()
            ? Mono.empty()
            : store
                .groups()
                .markValidated(groupId)
                .then(logHub.append(groupId, NewServiceLogEntry.byRelay("VALIDATED", new byte[0])))
                .doOnSuccess(
                    x ->
                        log.info(
                            "{} validated: the group's signed relay list names this relay",
                            Bytes.of(addressId).toBase64Url()));
    metrics.linkUpdate(same ? LinkUpdateOutcome.UNCHANGED : LinkUpdateOutcome.APPLIED);
    return update.then(validate).then(refreshed(served)).thenReturn(new Ok());
  }

  private static NewServiceLogEntry linkUpdated(GroupLinkData data) {
    return NewServiceLogEntry.byRelay(
        "LINK_UPDATED", ByteBuffer.allocate(8).putLong(data.version()).array());
  }

  private Mono<ServedGroup> refreshed(ServedGroup served) {
    directory.invalidate(served.addressId());
    bus.publish(
        new io.chatrelay.server.cluster.ClusterEvent.GroupChanged(
            Bytes.of(served.groupId()), Bytes.of(served.addressId())));
    return directory.refresh(served.groupId());
  }

  // ---- CMD ------------------------------------------------------------------------------------

  /**
   * Handles {@code CMD}. State changes are logged with the owner's signed command; {@code ReadLog}
   * answers {@code OK} and streams the log to this session.
   */
  public Mono<RelayMessage> command(RelaySession session, Command m) {
    OwnerCommand cmd = m.command();
    return directory
        .byAddress(cmd.addressId())
        .switchIfEmpty(
            Mono.error(() -> new Refusal(ErrorCode.UNKNOWN_ADDRESS, "no group at this address")))
        .flatMap(
            served ->
                crypto
                    .run(served.groupKey(), () -> verifyCommand(served, cmd))
                    .flatMap(ok -> execute(session, served, cmd)));
  }

  private boolean verifyCommand(ServedGroup served, OwnerCommand cmd) {
    try {
      cmd.verify(served.linkData());
    } catch (LinkDataException e) {
      throw refusal(e);
    }
    long skew = Math.abs(clock.millis() - cmd.issuedAt());
    if (skew > COMMAND_WINDOW.toMillis()) {
      throw new Refusal(ErrorCode.REPLAYED, "command issued too far from the relay's clock");
    }
    return true;
  }

  private Mono<RelayMessage> execute(RelaySession session, ServedGroup served, OwnerCommand cmd) {
    OwnerAction action = cmd.action();
    metrics.ownerCommand(action.getClass().getSimpleName());
    byte[] groupId = served.groupId();
    if (action instanceof OwnerAction.ReadLog read && !read.follow()) {
      // Entries first, paced by the socket, then OK: the answer marks the end of the log.
      Bytes address = Bytes.of(served.addressId());
      int paced = session.pacedLimit();
      return logHub
          .read(groupId, read.fromSeq(), false)
          .concatMap(
              e ->
                  session
                      .drained(paced)
                      .then(Mono.fromRunnable(() -> session.push(toWire(address, e)))))
          .then(Mono.just(new Ok()));
    }
    if (action instanceof OwnerAction.ReadLog read) {
      Bytes address = Bytes.of(served.addressId());
      Disposable[] holder = new Disposable[1];
      holder[0] =
          logHub
              .read(groupId, read.fromSeq(), read.follow())
              .doFinally(s -> session.release(holder[0]))
              .subscribe(
                  e -> session.push(toWire(address, e)),
                  e -> log.info("{} log follower stopped: {}", session.id(), e.toString()));
      session.hold(holder[0]);
      return Mono.just(new Ok());
    }
    GroupState from = served.state();
    GroupState to;
    String kind;
    if (action instanceof OwnerAction.SuspendJoins) {
      to = GroupState.SUSPENDED;
      kind = "SUSPENDED";
    } else if (action instanceof OwnerAction.ResumeJoins) {
      to = GroupState.ACTIVE;
      kind = "RESUMED";
    } else {
      to = GroupState.REMOVED;
      kind = "REMOVED";
    }
    if (from == GroupState.REMOVED || (from == GroupState.PENDING && to != GroupState.REMOVED)) {
      return Mono.error(
          new Refusal(ErrorCode.NOT_ACTIVE, "the group is " + from.sql() + " at this relay"));
    }
    NewServiceLogEntry logged =
        NewServiceLogEntry.signed("COMMAND", cmd.signer().bytes(), cmd.encode(), cmd.signature());
    return logHub
        .appendCommand(groupId, cmd.commandId(), logged)
        .switchIfEmpty(
            Mono.error(() -> new Refusal(ErrorCode.REPLAYED, "this command was already applied")))
        .then(from == to ? Mono.empty() : store.groups().setState(groupId, to))
        .then(
            from == to
                ? Mono.empty()
                : logHub.append(groupId, NewServiceLogEntry.byRelay(kind, new byte[0])))
        .doOnSuccess(
            x ->
                log.info(
                    "{} {} by an owner command{}",
                    Bytes.of(served.addressId()).toBase64Url(),
                    kind.toLowerCase(java.util.Locale.ROOT),
                    from == to ? " (no change)" : ""))
        .then(refreshed(served))
        .thenReturn(new Ok());
  }

  static LogEntry toWire(Bytes address, ServiceLogEntry e) {
    return new LogEntry(
        address, e.seq(), e.loggedAt().toEpochMilli(), e.kind(), Bytes.of(e.payload()));
  }

  // ---- GETLINK --------------------------------------------------------------------------------

  /** Handles {@code GETLINK}: the latest verified link data of a group this relay serves. */
  public Mono<RelayMessage> getLink(GetLink m) {
    return directory
        .byLinkKey(m.linkKey().toByteArray())
        .filter(ServedGroup::serving)
        .map(
            served ->
                (RelayMessage)
                    new LinkData(
                        Bytes.of(served.group().fixedLinkData()),
                        Bytes.of(served.group().linkData())))
        .switchIfEmpty(
            Mono.error(
                () -> new Refusal(ErrorCode.UNKNOWN_ADDRESS, "this relay serves no such group")));
  }

  static Refusal refusal(LinkDataException e) {
    ErrorCode code =
        switch (e.failure()) {
          case BAD_SIGNATURE -> ErrorCode.BAD_SIGNATURE;
          case UNAUTHORISED_SIGNER -> ErrorCode.UNAUTHORISED;
          case ROLLBACK -> ErrorCode.STALE_LINK_DATA;
          default -> ErrorCode.INVALID_LINK_DATA;
        };
    return new Refusal(code, e.getMessage());
  }

  private static byte[] encode(RelayEntry entry) {
    io.chatrelay.codec.encoding.BinaryWriter w = new io.chatrelay.codec.encoding.BinaryWriter();
    entry.encode(w);
    return w.toByteArray();
  }
}
