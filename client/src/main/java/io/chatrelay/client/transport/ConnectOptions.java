package io.chatrelay.client.transport;

import io.chatrelay.codec.message.MessageCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How a client reaches relays.
 *
 * @param plain connect with plain WebSocket ({@code ws://}) instead of TLS; for relays on loopback
 *     or in tests. The protocol handshake still checks the relay's identity.
 * @param socksProxy a SOCKS5 proxy (e.g. Tor) to connect through, so relays cannot link a user's
 *     groups by network address
 * @param connectTimeout time to open the connection and finish the handshake
 * @param requestTimeout time to wait for a response to one request
 * @param maxFrameBytes largest frame accepted from a relay
 * @param eventBuffer pushed events held for a slow application before the connection is dropped
 */
public record ConnectOptions(
    boolean plain,
    Optional<InetSocketAddress> socksProxy,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxFrameBytes,
    int eventBuffer) {

  public static ConnectOptions defaults() {
    return new ConnectOptions(
        false,
        Optional.empty(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        MessageCodec.DEFAULT_MAX_FRAME * 2,
        16_384);
  }

  public ConnectOptions withPlain(boolean p) {
    return new ConnectOptions(
        p, socksProxy, connectTimeout, requestTimeout, maxFrameBytes, eventBuffer);
  }

  public ConnectOptions withSocksProxy(Optional<InetSocketAddress> proxy) {
    return new ConnectOptions(
        plain, proxy, connectTimeout, requestTimeout, maxFrameBytes, eventBuffer);
  }

  public ConnectOptions withRequestTimeout(Duration timeout) {
    return new ConnectOptions(
        plain, socksProxy, connectTimeout, timeout, maxFrameBytes, eventBuffer);
  }
}
