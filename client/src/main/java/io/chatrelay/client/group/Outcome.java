package io.chatrelay.client.group;

import java.util.List;

/**
 * What each relay did with one request about a group.
 *
 * @param succeeded relays that carried it out ({@code host:port})
 * @param failed relays that did not, with their reasons
 */
public record Outcome(List<String> succeeded, List<RelayFailure> failed) {
  public Outcome {
    succeeded = List.copyOf(succeeded);
    failed = List.copyOf(failed);
  }

  public boolean anySucceeded() {
    return !succeeded.isEmpty();
  }
}
