package io.chatrelay.client.group;

import io.chatrelay.client.transport.ConnectOptions;
import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.client.transport.RelayException;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.message.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * The connections one operation on one group opens, at most one per relay, closed together by
 * {@link #close()}.
 *
 * <p>A session never serves two groups: each group gets its own connections, so a relay cannot link
 * two groups of one user by a shared connection. The relay's identity is checked on connect (the
 * handshake against the key hash of its address) and, for a group's relay entry, against the
 * entry's relay key too.
 */
public final class GroupSession implements AutoCloseable {
  private final ConnectOptions options;
  private final Map<SmpServer, Mono<RelayConnection>> connections = new ConcurrentHashMap<>();
  private final List<RelayConnection> opened = new CopyOnWriteArrayList<>();

  public GroupSession(ConnectOptions options) {
    this.options = options;
  }

  public ConnectOptions options() {
    return options;
  }

  /** The session's connection to {@code server}, opened on first use. */
  public Mono<RelayConnection> connection(SmpServer server) {
    return connections.computeIfAbsent(
        server,
        s ->
            RelayConnection.connect(s, options)
                .doOnNext(opened::add)
                .cache(
                    c -> java.time.Duration.ofDays(365),
                    e -> java.time.Duration.ZERO,
                    () -> java.time.Duration.ZERO));
  }

  /** The connection to the relay of {@code entry}, checked to hold the entry's relay key. */
  public Mono<RelayConnection> connection(RelayEntry entry) {
    return connection(entry.server())
        .flatMap(
            c ->
                c.relayKey().equals(entry.relayKey())
                    ? Mono.just(c)
                    : Mono.error(
                        new RelayException(
                            ErrorCode.HANDSHAKE,
                            0,
                            "relay identity key differs from the group's relay list")));
  }

  @Override
  public void close() {
    opened.forEach(RelayConnection::close);
    opened.clear();
    connections.clear();
  }
}
