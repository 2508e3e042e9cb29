package io.chatrelay.client.group;

import io.chatrelay.codec.link.SmpServer;

/** Short, human names of relays for output: {@code host:port}. */
public final class RelayNames {
  private RelayNames() {}

  /** {@code firsthost:port}, or just the host when the address has no port (443). */
  public static String of(SmpServer server) {
    String host = server.hosts().get(0);
    return server.port().isPresent() ? host + ":" + server.port().getAsInt() : host;
  }
}
