package io.chatrelay.client.group;

import io.chatrelay.client.state.ClientHome;
import io.chatrelay.client.state.GroupState;
import io.chatrelay.client.state.RelayState;
import io.chatrelay.client.transport.ConnectOptions;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.link.SmpServer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What owner and member operations share: the state directory, how to reach relays, randomness and
 * the clock; and the step every operation on a group begins with, {@link #refresh}.
 *
 * @param home the client's state directory
 * @param options how to connect (plain WebSocket or TLS, SOCKS5 proxy, timeouts)
 * @param random the source of every key, post id and command id
 * @param clock the time signed into posts, commands and certificates
 */
public record ClientContext(
    ClientHome home, ConnectOptions options, SecureRandom random, Clock clock) {

  /** The longest a whole operation on all of a group's relays may take. */
  public Duration timeout() {
    return options.connectTimeout().plus(options.requestTimeout());
  }

  public byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /**
   * The group's state after fetching its link data from its relays.
   *
   * @param group the state, with the newest verified link data taken
   * @param data that link data (the stored copy if no relay served a newer one)
   * @param failures relays that did not answer or whose data was refused
   */
  public record Refreshed(GroupState group, GroupLinkData data, List<RelayFailure> failures) {}

  /**
   * Fetches the link data of {@code group} from every relay the link or the known relay list names,
   * verifies it against the link key, refuses versions older than the newest seen, and stores the
   * newest. Another owner's changes (new relays, new owners) are learned here.
   */
  public Refreshed refresh(GroupState group, GroupSession session) {
    LinkResolver.Resolution r =
        LinkResolver.resolve(
            session, group.linkKey(), servers(group), group.linkDataVersion(), timeout());
    GroupState updated = group;
    if (r.data().isPresent() && r.data().get().version() > group.linkDataVersion()) {
      GroupLinkData newer = r.data().get();
      updated = home.update(group, g -> g.acceptLinkData(newer));
    }
    return new Refreshed(updated, updated.linkData(), r.failures());
  }

  /** The servers that may serve the group's link data: the link's relays, then the known list. */
  public static List<SmpServer> servers(GroupState group) {
    Set<SmpServer> out = new LinkedHashSet<>();
    for (RelayState r : group.relays()) {
      out.add(GroupState.entry(r).server());
    }
    out.addAll(group.link().allRelays());
    return new ArrayList<>(out);
  }
}
