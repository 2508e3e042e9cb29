package io.chatrelay.server.transport;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.message.ClientHello;
import io.chatrelay.codec.message.Command;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.GetLink;
import io.chatrelay.codec.message.Invite;
import io.chatrelay.codec.message.LinkUpdate;
import io.chatrelay.codec.message.Message;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.Ping;
import io.chatrelay.codec.message.Pong;
import io.chatrelay.codec.message.RelayHello;
import io.chatrelay.codec.message.RelayMessage;
import io.chatrelay.server.identity.RelayKeys;
import io.chatrelay.server.metrics.RelayMetrics;
import io.chatrelay.server.onboarding.OnboardingService;
import io.chatrelay.server.onboarding.Refusal;
import io.chatrelay.store.StoreException;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Dispatches one decoded client frame to the service that handles it and sends the answer.
 *
 * <p>Errors become protocol answers here, in one place: a {@link Refusal} is {@code ERR} with its
 * code; a retryable store failure is {@code ERR UNAVAILABLE} with a retry delay; anything else is
 * {@code ERR INTERNAL} (logged). In every case the request changed nothing and the connection stays
 * open.
 */
public final class ProtocolHandler {
  private static final Logger log = LoggerFactory.getLogger(ProtocolHandler.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  static final long STORE_RETRY_MS = 1000;

  private final RelayKeys keys;
  private final RelayMetrics metrics;
  private final OnboardingService onboarding;
  private final GroupRequests groups;

  public ProtocolHandler(
      RelayKeys keys, RelayMetrics metrics, OnboardingService onboarding, GroupRequests groups) {
    this.keys = keys;
    this.metrics = metrics;
    this.onboarding = onboarding;
    this.groups = groups;
  }

  /** Handles a frame; completes when its answer (if any) is queued. */
  public Mono<Void> handle(RelaySession session, Frame frame) {
    byte[] corr = frame.corrId();
    Message m = frame.message();
    if (session.state() == RelaySession.State.AWAIT_HELLO) {
      if (m instanceof ClientHello hello) {
        return hello(session, corr, hello);
      }
      return refuse(session, corr, ErrorCode.HANDSHAKE, "send HELLO first");
    }
    if (m instanceof ClientHello) {
      return refuse(session, corr, ErrorCode.HANDSHAKE, "HELLO was already exchanged");
    }
    Mono<RelayMessage> answer;
    if (m instanceof Ping) {
      answer = Mono.just(new Pong());
    } else if (m instanceof Invite i) {
      answer = onboarding.invite(session, i);
    } else if (m instanceof LinkUpdate u) {
      answer = onboarding.linkUpdate(session, u);
    } else if (m instanceof Command c) {
      answer = onboarding.command(session, c);
    } else if (m instanceof GetLink g) {
      answer = onboarding.getLink(g);
    } else {
      // Joins, posts, subscriptions and certificates: answered by the group pipelines, which
      // may answer later than this returns (a queued join, a batched post).
      return groups.handle(session, corr, m).onErrorResume(e -> answerError(session, corr, e));
    }
    return answer
        .doOnNext(r -> session.reply(corr, r))
        .then()
        .onErrorResume(e -> answerError(session, corr, e));
  }

  /**
   * Runs the checks of a frame that may go ahead of the connection's earlier requests (the
   * signature of a join or post, once HELLO is done); completes with the rest of its handling,
   * which the connection runs in arrival order. Never fails: a refusal becomes a step that answers
   * it.
   */
  public Mono<GroupRequests.Step> check(RelaySession session, Frame frame) {
    Message m = frame.message();
    if (session.state() != RelaySession.State.READY || !groups.checksAhead(m)) {
      return Mono.just(() -> handle(session, frame));
    }
    byte[] corr = frame.corrId();
    long readAt = System.nanoTime();
    return groups
        .check(session, corr, m)
        .<GroupRequests.Step>map(
            step -> () -> step.run().onErrorResume(e -> refused(session, corr, e, readAt)))
        .onErrorResume(e -> Mono.just(() -> refused(session, corr, e, readAt)));
  }

  /**
   * Answers a refused join or post; after {@code BUSY}, the connection is held for the retry delay
   * ({@link RelaySession#holdOff}): a sender that ignores it is read no faster than the group takes
   * its requests, and the relay spends nothing on the frames it would refuse meanwhile.
   */
  private Mono<Void> refused(RelaySession session, byte[] corr, Throwable e, long readAt) {
    Mono<Void> answered = answerError(session, corr, e);
    if (e instanceof Refusal r && r.code() == ErrorCode.BUSY) {
      return answered.then(session.holdOff(readAt, r.retryAfterMs()));
    }
    return answered;
  }

  private Mono<Void> hello(RelaySession session, byte[] corr, ClientHello hello) {
    int version = hello.versions().highestCommon(MessageCodec.SUPPORTED);
    if (version < 0) {
      return refuse(
          session,
          corr,
          ErrorCode.UNSUPPORTED_VERSION,
          "relay speaks versions " + MessageCodec.SUPPORTED);
    }
    byte[] serverNonce = new byte[32];
    RANDOM.nextBytes(serverNonce);
    RelayHello answer =
        RelayHello.sign(
            version,
            keys.certificate(),
            keys.keyPair(),
            hello.clientNonce().toByteArray(),
            serverNonce);
    session.ready(version, serverNonce);
    session.reply(corr, answer);
    return Mono.empty();
  }

  /** Answers {@code ERR code}; the request changed nothing. */
  Mono<Void> refuse(RelaySession session, byte[] corr, ErrorCode code, String text) {
    metrics.protocolError(code.name());
    log.debug("{} refused: {} {}", session.id(), code, text);
    session.error(corr, code, 0, text);
    return Mono.empty();
  }

  /** Turns any failure of a request into its protocol answer. */
  public Mono<Void> answerError(RelaySession session, byte[] corr, Throwable e) {
    if (e instanceof Refusal r) {
      metrics.protocolError(r.code().name());
      log.debug("{} refused: {} {}", session.id(), r.code(), r.getMessage());
      session.error(corr, r.code(), r.retryAfterMs(), r.getMessage());
    } else if (e instanceof StoreException s && s.retryable()) {
      metrics.protocolError(ErrorCode.UNAVAILABLE.name());
      log.warn("{} store unavailable: {}", session.id(), s.getMessage());
      session.error(corr, ErrorCode.UNAVAILABLE, STORE_RETRY_MS, "store unavailable, retry");
    } else if (e instanceof java.util.concurrent.TimeoutException) {
      metrics.protocolError(ErrorCode.UNAVAILABLE.name());
      log.debug("{} refused: UNAVAILABLE timed out", session.id());
      session.error(corr, ErrorCode.UNAVAILABLE, STORE_RETRY_MS, "timed out, retry");
    } else {
      metrics.protocolError(ErrorCode.INTERNAL.name());
      log.error("{} request failed", session.id(), e);
      session.error(corr, ErrorCode.INTERNAL, 0, "internal error");
    }
    return Mono.empty();
  }

  static String shortId(byte[] id) {
    return Bytes.of(id)
        .toBase64Url()
        .substring(0, Math.min(8, Bytes.of(id).toBase64Url().length()));
  }
}
