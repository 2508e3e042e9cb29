package io.chatrelay.server.transport;

import io.chatrelay.codec.message.Message;
import reactor.core.publisher.Mono;

/**
 * The member ↔ relay requests (join, post, subscribe, certify), handled by per-group pipelines that
 * answer on the session, possibly after this returns.
 */
public interface GroupRequests {
  /** Handles a request; completes when the connection may go on to its next one. */
  Mono<Void> handle(RelaySession session, byte[] corrId, Message message);

  /**
   * Whether {@link #check} takes the expensive part of this request (its signature check) out of
   * the connection's order: joins and posts.
   */
  boolean checksAhead(Message message);

  /**
   * The checks of a join or post that change nothing, run as soon as its frame arrives, possibly
   * while the connection's earlier requests are still being handled; completes with the rest of the
   * request, which the connection runs in arrival order. Fails with the refusal when a check fails.
   */
  Mono<Step> check(RelaySession session, byte[] corrId, Message message);

  /** What is left of a checked request; runs in the connection's order. */
  @FunctionalInterface
  interface Step {
    Mono<Void> run();
  }
}
