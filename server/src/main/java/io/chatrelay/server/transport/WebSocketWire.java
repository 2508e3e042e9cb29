package io.chatrelay.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server-to-client WebSocket binary messages as they go on the wire (RFC 6455 §5.2: one final
 * frame, opcode 2, unmasked), encoded by the relay itself so that a delivery is framed once and the
 * same bytes are written to every subscriber's socket. Netty's WebSocket encoder, which the
 * handshake installs, passes such bytes through untouched.
 */
public final class WebSocketWire {
  private static final int FIN_BINARY = 0x82;

  private WebSocketWire() {}

  /** Length of the frame header for a payload of {@code length} bytes. */
  static int headerLength(int length) {
    return length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
  }

  /** Writes the header and the payload to {@code out}. */
  static void write(ByteBuf out, byte[] payload) {
    int length = payload.length;
    out.writeByte(FIN_BINARY);
    if (length < 126) {
      out.writeByte(length);
    } else if (length <= 0xFFFF) {
      out.writeByte(126);
      out.writeShort(length);
    } else {
      out.writeByte(127);
      out.writeLong(length);
    }
    out.writeBytes(payload);
  }

  /** The message in a pooled buffer, owned by the caller (released once written). */
  static ByteBuf owned(ByteBufAllocator alloc, byte[] payload) {
    ByteBuf out = alloc.directBuffer(headerLength(payload.length) + payload.length);
    write(out, payload);
    return out;
  }

  /**
   * The message in direct memory shared by many writers: each write takes a {@link #view}. The
   * memory is the garbage collector's to free (a {@link ByteBuffer#allocateDirect} buffer), since
   * no single writer knows when the last one is done with it; releasing a view is a no-op.
   */
  public static ByteBuf shared(byte[] payload) {
    return shared(List.of(payload), payload.length);
  }

  /**
   * Several messages, one after the other, in one {@link #shared} buffer: written at once, they
   * reach the client as the same messages written one by one would.
   *
   * @param payloadBytes the payloads' total length
   */
  public static ByteBuf shared(List<byte[]> payloads, int payloadBytes) {
    int size = payloadBytes;
    for (byte[] p : payloads) {
      size += headerLength(p.length);
    }
    ByteBuf out = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(size)).clear();
    for (byte[] p : payloads) {
      write(out, p);
    }
    return Unpooled.unreleasableBuffer(out);
  }

  /**
   * A close frame (opcode 8) with a status and a reason (cut to the 123 bytes a control frame
   * allows), in heap memory the garbage collector frees: a close frame may be dropped unwritten
   * when the channel is already closing, and then nothing is left to release.
   */
  static ByteBuf close(int status, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(text.length, 123);
    byte[] frame = new byte[4 + length];
    frame[0] = (byte) 0x88;
    frame[1] = (byte) (2 + length);
    frame[2] = (byte) (status >> 8);
    frame[3] = (byte) status;
    System.arraycopy(text, 0, frame, 4, length);
    return Unpooled.wrappedBuffer(frame);
  }

  /** A view of a {@link #shared} message with its own read position, for one socket. */
  static ByteBuf view(ByteBuf shared) {
    return shared.duplicate();
  }
}
