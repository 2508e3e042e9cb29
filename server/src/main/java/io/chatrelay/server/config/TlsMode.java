package io.chatrelay.server.config;

/** How the relay's port speaks to clients. */
public enum TlsMode {
  /**
   * TLS at the relay with its identity certificate (generated on first start); clients pin it by
   * the key hash in the relay address.
   */
  DIRECT,
  /**
   * Plain HTTP/WebSocket, for a relay behind a TLS-terminating reverse proxy (or on loopback for
   * tests and benchmarks). Clients still check the relay's identity in the protocol handshake.
   */
  PLAIN
}
