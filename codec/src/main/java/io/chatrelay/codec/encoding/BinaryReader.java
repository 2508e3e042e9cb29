package io.chatrelay.codec.encoding;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads SimpleX's binary encoding; the counterpart of {@link BinaryWriter}.
 *
 * <p>Every read checks what remains before it allocates: a length prefix larger than the rest of
 * the input fails with {@link DecodeException.Reason#TRUNCATED} without allocating, so a hostile
 * length costs nothing. A reader never reads past its limit.
 */
public final class BinaryReader {
  private final byte[] data;
  private final int limit;
  private int pos;

  public BinaryReader(byte[] data) {
    this(data, 0, data.length);
  }

  public BinaryReader(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IndexOutOfBoundsException("offset " + offset + " length " + length);
    }
    this.data = data;
    this.pos = offset;
    this.limit = offset + length;
  }

  public int remaining() {
    return limit - pos;
  }

  public boolean atEnd() {
    return pos == limit;
  }

  /** A reader over the same bytes at the same position, for looking ahead without consuming. */
  public BinaryReader copy() {
    return new BinaryReader(data, pos, limit - pos);
  }

  /** The next byte without consuming it. */
  public int peekByte() {
    need(1, "byte");
    return data[pos] & 0xFF;
  }

  private void need(int n, String what) {
    if (n > limit - pos) {
      throw DecodeException.truncated(what + " needs " + n + " bytes, " + (limit - pos) + " left");
    }
  }

  public int readByte() {
    need(1, "byte");
    return data[pos++] & 0xFF;
  }

  public char readChar() {
    return (char) readByte();
  }

  public boolean readBool() {
    int b = readByte();
    if (b == 'T') {
      return true;
    }
    if (b == 'F') {
      return false;
    }
    throw DecodeException.invalid("invalid Bool byte 0x" + Integer.toHexString(b));
  }

  public int readWord16() {
    need(2, "Word16");
    int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  public long readWord32() {
    need(4, "Word32");
    long v =
        ((long) (data[pos] & 0xFF) << 24)
            | ((data[pos + 1] & 0xFF) << 16)
            | ((data[pos + 2] & 0xFF) << 8)
            | (data[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public long readInt64() {
    need(8, "Int64");
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (data[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  /** Exactly {@code n} raw bytes. */
  public byte[] readRaw(int n) {
    need(n, "raw bytes");
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  /** {@code ByteString}: 1-byte length prefix. */
  public byte[] readShortBytes() {
    int len = readByte();
    need(len, "string");
    return readRaw(len);
  }

  /** {@code ByteString} with an upper bound tighter than 255. */
  public byte[] readShortBytes(int maxLength) {
    int len = readByte();
    if (len > maxLength) {
      throw DecodeException.overLimit("string of " + len + " bytes exceeds " + maxLength);
    }
    return readRaw(len);
  }

  /** A {@code ByteString} of exactly {@code length} bytes (keys, hashes, signatures). */
  public byte[] readShortBytesExactly(int length, String what) {
    int len = readByte();
    if (len != length) {
      throw DecodeException.invalid(what + " must be " + length + " bytes, got " + len);
    }
    return readRaw(len);
  }

  /** UTF-8 text as a {@code ByteString}; malformed UTF-8 is refused. */
  public String readShortString() {
    return utf8(readShortBytes());
  }

  /** {@code Large}: Word16 length prefix, with an upper bound. */
  public byte[] readLarge(int maxLength) {
    int len = readWord16();
    if (len > maxLength) {
      throw DecodeException.overLimit("large string of " + len + " bytes exceeds " + maxLength);
    }
    return readRaw(len);
  }

  public byte[] readLarge() {
    return readLarge(0xFFFF);
  }

  /** {@code Tail}: all remaining bytes. */
  public byte[] readTail() {
    return readRaw(remaining());
  }

  public <T> Optional<T> readMaybe(Decoder<? extends T> decoder) {
    int tag = readByte();
    if (tag == '0') {
      return Optional.empty();
    }
    if (tag == '1') {
      return Optional.of(decoder.decode(this));
    }
    throw DecodeException.invalid("invalid Maybe tag 0x" + Integer.toHexString(tag));
  }

  /** A counted list of at most {@code maxCount} items. */
  public <T> List<T> readList(Decoder<? extends T> decoder, int maxCount) {
    int count = readByte();
    if (count > maxCount) {
      throw DecodeException.overLimit("list of " + count + " items exceeds " + maxCount);
    }
    List<T> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(decoder.decode(this));
    }
    return List.copyOf(items);
  }

  public <T> List<T> readList(Decoder<? extends T> decoder) {
    return readList(decoder, 255);
  }

  /** A non-empty counted list of at most {@code maxCount} items. */
  public <T> List<T> readNonEmpty(Decoder<? extends T> decoder, int maxCount) {
    List<T> items = readList(decoder, maxCount);
    if (items.isEmpty()) {
      throw DecodeException.invalid("empty list where a non-empty one is required");
    }
    return items;
  }

  /** Fails unless every byte has been read. */
  public void expectEnd() {
    if (pos != limit) {
      throw new DecodeException(
          DecodeException.Reason.TRAILING_DATA, (limit - pos) + " trailing bytes");
    }
  }

  /** Decodes a whole input with {@code decoder}, refusing trailing bytes. */
  public static <T> T decodeAll(byte[] input, Decoder<T> decoder) {
    BinaryReader reader = new BinaryReader(input);
    T value = decoder.decode(reader);
    reader.expectEnd();
    return value;
  }

  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(DecodeException.Reason.BAD_ENCODING, "malformed UTF-8", e);
    }
  }

  /** Decodes one value of a type from the reader. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(BinaryReader reader);
  }
}
