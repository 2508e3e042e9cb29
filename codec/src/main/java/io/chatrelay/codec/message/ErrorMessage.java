package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import java.nio.charset.StandardCharsets;

/**
 * {@code ERR}: the request failed and changed nothing. {@code code(ByteString, ASCII)
 * retryAfterMs(Word32; 0 = do not retry) text(ByteString, UTF-8)}. See {@link ErrorCode}; the code
 * travels by name, and a name this version does not know is kept as it came (so relaying or logging
 * it loses nothing) and reads as {@link ErrorCode#UNKNOWN}.
 */
public record ErrorMessage(String codeName, long retryAfterMs, String text)
    implements RelayMessage {
  public static final String TAG = "ERR";
  private static final int MAX_TEXT = 255;

  public ErrorMessage {
    Fields.required(codeName, "code");
    if (codeName.isEmpty()
        || codeName.length() > 32
        || !codeName.chars().allMatch(c -> c >= 0x21 && c < 0x7f)) {
      throw DecodeException.invalid("error code must be 1..32 printable ASCII characters");
    }
    if (retryAfterMs < 0 || retryAfterMs > 0xFFFF_FFFFL) {
      throw DecodeException.invalid("retry-after out of range");
    }
    Fields.required(text, "text");
    text = fit(text);
  }

  public ErrorMessage(ErrorCode code, long retryAfterMs, String text) {
    this(code.name(), retryAfterMs, text);
  }

  public static ErrorMessage of(ErrorCode code, String text) {
    return new ErrorMessage(code, 0, text);
  }

  public ErrorCode code() {
    return ErrorCode.fromName(codeName);
  }

  public boolean retryable() {
    return retryAfterMs > 0;
  }

  /** Texts are for people: a long one is cut at a character boundary to fit 255 bytes. */
  private static String fit(String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_TEXT) {
      return text;
    }
    int end = text.length();
    while (text.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_TEXT) {
      end--;
      if (Character.isLowSurrogate(text.charAt(end)) && end > 0) {
        end--;
      }
    }
    return text.substring(0, end);
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    w.writeShortString(codeName).writeWord32(retryAfterMs).writeShortString(text);
  }

  static ErrorMessage read(BinaryReader r) {
    String code = r.readShortString();
    long retry = r.readWord32();
    return new ErrorMessage(code, retry, r.readShortString());
  }
}
