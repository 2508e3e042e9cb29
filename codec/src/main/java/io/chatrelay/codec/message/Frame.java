package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;

/**
 * One protocol frame: {@code version(Word16) corrId(ByteString, 0..24) tag(ByteString, ASCII,
 * 1..16) body}.
 *
 * <p>The correlation id is chosen by the client for each request and echoed by the relay in the
 * response; events the relay pushes (deliveries, log entries) carry an empty one.
 */
public record Frame(int version, byte[] corrId, Message message) {
  public static final int MAX_CORR_ID = 24;

  public Frame {
    if (version < 1 || version > 0xFFFF) {
      throw DecodeException.invalid("frame version out of range: " + version);
    }
    if (corrId == null || corrId.length > MAX_CORR_ID) {
      throw DecodeException.overLimit("correlation id longer than 24 bytes");
    }
    if (message == null) {
      throw DecodeException.invalid("frame without a message");
    }
    corrId = corrId.clone();
  }

  /** A pushed event: no correlation id. */
  public static Frame event(int version, Message message) {
    return new Frame(version, new byte[0], message);
  }

  @Override
  public byte[] corrId() {
    return corrId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f
        && version == f.version
        && Arrays.equals(corrId, f.corrId)
        && message.equals(f.message);
  }

  @Override
  public int hashCode() {
    return message.hashCode();
  }

  @Override
  public String toString() {
    return "Frame[v" + version + " " + message.tag() + "]";
  }
}
