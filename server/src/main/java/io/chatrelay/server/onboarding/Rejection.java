package io.chatrelay.server.onboarding;

/** An invitation the relay declines, with the code and text the owner's client shows. */
final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final String reason;

  Rejection(String reason, String text) {
    super(text, null, false, false);
    this.reason = reason;
  }
}
