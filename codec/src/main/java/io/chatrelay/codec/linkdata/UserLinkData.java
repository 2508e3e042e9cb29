package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.EncodeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Application data in the mutable part of link data (simplexmq {@code UserLinkData}), opaque to the
 * protocol: for SimpleX Chat a JSON profile.
 *
 * <p>Binary form: up to {@value #MAX_SHORT_LENGTH} bytes as a {@code ByteString} (1-byte length);
 * longer, the byte {@code 0xFF} then a {@code Large} (big-endian Word16 length), so at most {@value
 * #MAX_LENGTH} bytes. A plain {@code ByteString} of 255 bytes is never written, because its length
 * byte is the marker.
 *
 * <p>{@link #toString()} prints the length only.
 *
 * @param bytes the data, copied in and out
 */
public record UserLinkData(byte[] bytes) {
  /** Longest data written with a 1-byte length. */
  public static final int MAX_SHORT_LENGTH = 254;

  /** Longest data that can be encoded. */
  public static final int MAX_LENGTH = 0xFFFF;

  private static final int LARGE_MARKER = 0xFF;

  public UserLinkData {
    bytes = Objects.requireNonNull(bytes, "bytes").clone();
  }

  /** The UTF-8 bytes of {@code text}. */
  public static UserLinkData of(String text) {
    return new UserLinkData(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /**
   * Writes the binary form.
   *
   * @throws EncodeException if the data is longer than {@value #MAX_LENGTH} bytes
   */
  public void encode(BinaryWriter w) {
    if (bytes.length <= MAX_SHORT_LENGTH) {
      w.writeShortBytes(bytes);
    } else if (bytes.length > MAX_LENGTH) {
      throw new EncodeException(
          "user link data of " + bytes.length + " bytes exceeds " + MAX_LENGTH);
    } else {
      w.writeByte(LARGE_MARKER).writeLarge(bytes);
    }
  }

  /**
   * Reads the binary form.
   *
   * <p>As simplexmq's parser ({@code A.char '\255' *> Large <|> ByteString}), which backtracks: if
   * the byte is {@code 0xFF} but no complete {@code Large} follows, the same bytes are read again
   * as a {@code ByteString} of 255 bytes.
   *
   * @throws io.chatrelay.codec.encoding.DecodeException TRUNCATED if neither reading is complete
   */
  public static UserLinkData decode(BinaryReader r) {
    if (r.remaining() >= 3 && r.peekByte() == LARGE_MARKER) {
      BinaryReader ahead = r.copy();
      ahead.readByte();
      int len = ahead.readWord16();
      if (ahead.remaining() >= len) {
        r.readByte();
        r.readWord16();
        return new UserLinkData(r.readRaw(len));
      }
    }
    return new UserLinkData(r.readShortBytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserLinkData d && Arrays.equals(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "UserLinkData[" + bytes.length + " bytes]";
  }
}
