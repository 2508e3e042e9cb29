package io.chatrelay.store.join;

import io.chatrelay.store.Checks;

/**
 * A claimed join that could not be processed, and why.
 *
 * @param join the claim
 * @param reason what went wrong, 1..1000 characters, kept with the join (and as the park reason)
 */
public record JoinFailure(PendingJoin join, String reason) {
  public JoinFailure {
    Checks.required(join, "join");
    Checks.text(reason, 1000, "failure reason");
  }
}
