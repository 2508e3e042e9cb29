package io.chatrelay.codec.chat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.EncodeException;
import java.util.ArrayList;
import java.util.List;

/**
 * simplexmq's message compression ({@code Simplex.Messaging.Compression}) as simplex-chat uses it.
 *
 * <p>One compressed item: {@code '0'} ByteString (passthrough, for bodies of at most {@value
 * #MAX_PASSTHROUGH} bytes) or {@code '1'} Large (a zstd frame, level {@value #LEVEL}, with its
 * content size in the header). A compressed batch is {@code 'X'} then a non-empty counted list of
 * items (1..255).
 *
 * <p>Decompression is bounded: a frame whose header declares no content size, or a size above the
 * limit ({@value #MAX_DECOMPRESSED}, simplex-chat's {@code maxDecompressedMsgLength}), is refused
 * before anything is allocated, and so is a frame that decompresses to another size than declared.
 * Compressed bytes are not guaranteed identical to simplex-chat's (zstd versions may differ); what
 * decompresses is.
 */
public final class ChatCompression {
  public static final int MAX_PASSTHROUGH = 180;
  public static final int LEVEL = 3;
  public static final int MAX_DECOMPRESSED = 65536;

  private ChatCompression() {}

  /** simplexmq's {@code compress1}, encoded: {@code '0'} ByteString or {@code '1'} Large. */
  public static byte[] compressItem(byte[] body) {
    BinaryWriter w = new BinaryWriter(body.length + 3);
    if (body.length <= MAX_PASSTHROUGH) {
      w.writeChar('0').writeShortBytes(body);
    } else {
      w.writeChar('1').writeLarge(zstd(body));
    }
    return w.toByteArray();
  }

  /**
   * {@code 'X'} then the items of {@code bodies}, each by {@link #compressItem(byte[])}.
   *
   * @throws EncodeException for no bodies or more than 255, or a frame over 65535 bytes
   */
  public static byte[] compressBatch(List<byte[]> bodies) {
    if (bodies.isEmpty() || bodies.size() > 255) {
      throw new EncodeException("a compressed batch has 1..255 items");
    }
    BinaryWriter w = new BinaryWriter().writeChar('X').writeByte(bodies.size());
    for (byte[] b : bodies) {
      w.writeRaw(compressItem(b));
    }
    return w.toByteArray();
  }

  /** A zstd frame of {@code body}, level 3, with its content size. */
  static byte[] zstd(byte[] body) {
    if (body.length > MAX_DECOMPRESSED) {
      throw new EncodeException("body over " + MAX_DECOMPRESSED + " bytes");
    }
    return Zstd.compress(body, LEVEL);
  }

  /**
   * The bodies of a compressed batch, after its {@code 'X'}.
   *
   * @throws DecodeException INVALID_VALUE for a count of 0 or an unknown item tag, TRUNCATED,
   *     TRAILING_DATA, and as {@link #decompressFrame(byte[], int)}
   */
  public static List<byte[]> decompressBatch(byte[] afterTag) {
    BinaryReader r = new BinaryReader(afterTag);
    int count = r.readByte();
    if (count == 0) {
      throw DecodeException.invalid("empty compressed batch");
    }
    List<byte[]> out = new ArrayList<>(count);
    long total = 0;
    for (int i = 0; i < count; i++) {
      int tag = r.readByte();
      byte[] body =
          switch (tag) {
            case '0' -> r.readShortBytes();
            case '1' -> decompressFrame(r.readLarge(), MAX_DECOMPRESSED);
            default ->
                throw DecodeException.invalid(
                    "unknown Compressed tag 0x" + Integer.toHexString(tag));
          };
      total += body.length;
      if (total > (long) MAX_DECOMPRESSED * 4) {
        throw DecodeException.overLimit("compressed batch decompresses past its limit");
      }
      out.add(body);
    }
    r.expectEnd();
    return out;
  }

  /**
   * Decompresses one zstd frame of at most {@code limit} bytes.
   *
   * @throws DecodeException OVER_LIMIT if the header declares no size or more than {@code limit},
   *     BAD_ENCODING if the frame is not valid zstd or its size is not the declared one
   */
  public static byte[] decompressFrame(byte[] frame, int limit) {
    long size;
    try {
      size = Zstd.getFrameContentSize(frame);
    } catch (RuntimeException e) {
      throw new DecodeException(DecodeException.Reason.BAD_ENCODING, "not a zstd frame", e);
    }
    if (size < 0 || size > limit) {
      throw DecodeException.overLimit(
          "compressed size not specified or exceeds " + limit + " (declared " + size + ")");
    }
    byte[] out;
    try {
      out = Zstd.decompress(frame, (int) size);
    } catch (ZstdException e) {
      throw new DecodeException(DecodeException.Reason.BAD_ENCODING, "bad zstd frame", e);
    }
    if (out.length != size) {
      throw DecodeException.badEncoding("zstd frame size differs from its header");
    }
    return out;
  }
}
