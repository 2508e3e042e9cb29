package io.chatrelay.server.transport;

import io.chatrelay.codec.message.Message;
import reactor.core.publisher.Mono;

/**
 * The member ↔ relay requests (join, post, subscribe, certify), handled by per-group pipelines that
 * answer on the session, possibly after this returns.
 */
public interface GroupRequests {
  Mono<Void> handle(RelaySession session, byte[] corrId, Message message);
}
