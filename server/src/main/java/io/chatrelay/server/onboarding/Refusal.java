package io.chatrelay.server.onboarding;

import io.chatrelay.codec.message.ErrorCode;

/** A request refused with a protocol error; nothing was changed. */
public final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final long retryAfterMs;

  public Refusal(ErrorCode code, String text) {
    this(code, 0, text);
  }

  public Refusal(ErrorCode code, long retryAfterMs, String text) {
    super(text, null, false, false);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  public ErrorCode code() {
    return code;
  }

  public long retryAfterMs() {
    return retryAfterMs;
  }
}
