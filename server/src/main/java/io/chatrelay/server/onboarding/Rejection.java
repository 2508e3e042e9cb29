package io.chatrelay.server.onboarding;

/** An invitation the relay declines, with the code and text the owner's client shows. */
final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The codes of {@code REJECTED} (docs/protocol.md). */
  enum Reason {
    POLICY,
    CONTENT,
    CAPACITY,
    PROOF,
    LINK_DATA
  }

  final Reason reason;

  Rejection(Reason reason, String text) {
    super(text, null, false, false);
    this.reason = reason;
  }
}
