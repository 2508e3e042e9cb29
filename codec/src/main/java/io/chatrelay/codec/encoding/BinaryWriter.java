package io.chatrelay.codec.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes SimpleX's binary encoding (simplexmq {@code Simplex.Messaging.Encoding}).
 *
 * <ul>
 *   <li>{@code ByteString}: 1-byte length, then the bytes (at most 255);
 *   <li>{@code Large}: big-endian Word16 length, then the bytes (at most 65535);
 *   <li>Word16, Word32, Int64: big-endian;
 *   <li>Bool: {@code 'T'} or {@code 'F'}; Maybe: {@code '0'} or {@code '1'} then the value;
 *   <li>lists: 1-byte count then the items; non-empty lists refuse zero items; Tail: the rest.
 * </ul>
 *
 * Every length and count is checked: a value that does not fit its prefix throws {@link
 * EncodeException} rather than being wrapped.
 */
public final class BinaryWriter {
  private byte[] buf;
  private int size;

  public BinaryWriter() {
    this(64);
  }

  public BinaryWriter(int initialCapacity) {
    this.buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    int needed = size + extra;
    if (needed > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
    }
  }

  public BinaryWriter writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  /** A single ASCII character, as SimpleX encodes {@code Char} (tags, Maybe and Bool markers). */
  public BinaryWriter writeChar(char c) {
    if (c > 0xFF) {
      throw new EncodeException("character does not fit one byte: U+" + Integer.toHexString(c));
    }
    return writeByte(c);
  }

  public BinaryWriter writeBool(boolean b) {
    return writeByte(b ? 'T' : 'F');
  }

  public BinaryWriter writeWord16(int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new EncodeException("Word16 out of range: " + v);
    }
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public BinaryWriter writeWord32(long v) {
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new EncodeException("Word32 out of range: " + v);
    }
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public BinaryWriter writeInt64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
    return this;
  }

  /** Raw bytes with no length prefix. */
  public BinaryWriter writeRaw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  /** {@code ByteString}: 1-byte length prefix; refuses more than 255 bytes. */
  public BinaryWriter writeShortBytes(byte[] bytes) {
    if (bytes.length > 255) {
      throw new EncodeException("string of " + bytes.length + " bytes exceeds 255");
    }
    writeByte(bytes.length);
    return writeRaw(bytes);
  }

  /** UTF-8 text as a {@code ByteString}. */
  public BinaryWriter writeShortString(String s) {
    return writeShortBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code Large}: Word16 length prefix; refuses more than 65535 bytes. */
  public BinaryWriter writeLarge(byte[] bytes) {
    if (bytes.length > 0xFFFF) {
      throw new EncodeException("large string of " + bytes.length + " bytes exceeds 65535");
    }
    writeWord16(bytes.length);
    return writeRaw(bytes);
  }

  /** {@code Tail}: the bytes to the end, no prefix; must be written last. */
  public BinaryWriter writeTail(byte[] bytes) {
    return writeRaw(bytes);
  }

  public <T> BinaryWriter writeMaybe(Optional<T> value, Encoder<? super T> encoder) {
    if (value.isPresent()) {
      writeByte('1');
      encoder.encode(value.get(), this);
    } else {
      writeByte('0');
    }
    return this;
  }

  /** A counted list: 1-byte count then the items; refuses more than 255 items. */
  public <T> BinaryWriter writeList(List<? extends T> items, Encoder<? super T> encoder) {
    if (items.size() > 255) {
      throw new EncodeException("list of " + items.size() + " items exceeds 255");
    }
    writeByte(items.size());
    for (T item : items) {
      encoder.encode(item, this);
    }
    return this;
  }

  /** A non-empty list: as {@link #writeList}, refusing an empty one. */
  public <T> BinaryWriter writeNonEmpty(List<? extends T> items, Encoder<? super T> encoder) {
    if (items.isEmpty()) {
      throw new EncodeException("non-empty list is empty");
    }
    return writeList(items, encoder);
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Encodes one value of a type into the writer. */
  @FunctionalInterface
  public interface Encoder<T> {
    void encode(T value, BinaryWriter writer);
  }
}
