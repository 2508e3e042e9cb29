package io.chatrelay.server.limits;

/** Retry delays the relay asks for when it refuses a request for reasons of its own. */
public final class Retry {
  /**
   * A join or post refused {@code BUSY} because the relay is shutting down: by then a load balancer
   * has moved to another instance ({@code /health} answers 503), or this one is back.
   */
  public static final long SHUTTING_DOWN_MS = 1000;

  private Retry() {}
}
