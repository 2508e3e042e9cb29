package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import java.nio.charset.StandardCharsets;

/**
 * The one encoder and decoder of protocol frames: {@code version(Word16) corrId(ByteString, 0..24)
 * tag(ByteString, 1..16 ASCII) body}.
 *
 * <p>Decoding checks the frame size before reading anything, switches on the tag, and refuses
 * trailing bytes. It never returns null: a value, or a {@link DecodeException} whose reason says
 * what was wrong (the caller answers {@code ERR MALFORMED} and keeps the connection).
 */
public final class MessageCodec {
  /** Protocol versions this codec speaks. */
  public static final io.chatrelay.codec.version.VersionRange SUPPORTED =
      io.chatrelay.codec.version.VersionRange.of(1);

  /** Default largest frame, in bytes (configurable on the relay). */
  public static final int DEFAULT_MAX_FRAME = 64 * 1024;

  private static final int MAX_TAG = 16;

  private MessageCodec() {}

  public static byte[] encode(Frame frame) {
    BinaryWriter w = new BinaryWriter(256);
    w.writeWord16(frame.version());
    w.writeShortBytes(frame.corrId());
    w.writeShortBytes(frame.message().tag().getBytes(StandardCharsets.US_ASCII));
    frame.message().encodeBody(w);
    return w.toByteArray();
  }

  /**
   * Decodes a frame of either direction.
   *
   * @throws DecodeException if over {@code maxFrame}, malformed, of an unsupported version or an
   *     unknown tag
   */
  public static Frame decode(byte[] bytes, int maxFrame) {
    if (bytes.length > maxFrame) {
      throw DecodeException.overLimit("frame of " + bytes.length + " bytes exceeds " + maxFrame);
    }
    BinaryReader r = new BinaryReader(bytes);
    int version = r.readWord16();
    if (!SUPPORTED.contains(version)) {
      throw new DecodeException(
          DecodeException.Reason.UNSUPPORTED_VERSION,
          "frame version " + version + " not supported (" + SUPPORTED + ")");
    }
    byte[] corrId = r.readShortBytes(Frame.MAX_CORR_ID);
    String tag = new String(r.readShortBytes(MAX_TAG), StandardCharsets.US_ASCII);
    Message m = body(tag, r);
    r.expectEnd();
    return new Frame(version, corrId, m);
  }

  /** Decodes a frame a relay receives: a client message. */
  public static Frame decodeClientFrame(byte[] bytes, int maxFrame) {
    Frame f = decode(bytes, maxFrame);
    if (!(f.message() instanceof ClientMessage)) {
      throw new DecodeException(
          DecodeException.Reason.UNKNOWN_TYPE, f.message().tag() + " is not a client message");
    }
    return f;
  }

  /** Decodes a frame a client receives: a relay message. */
  public static Frame decodeRelayFrame(byte[] bytes, int maxFrame) {
    Frame f = decode(bytes, maxFrame);
    if (!(f.message() instanceof RelayMessage)) {
      throw new DecodeException(
          DecodeException.Reason.UNKNOWN_TYPE, f.message().tag() + " is not a relay message");
    }
    return f;
  }

  private static Message body(String tag, BinaryReader r) {
    return switch (tag) {
      case ClientHello.TAG -> ClientHello.read(r);
      case Invite.TAG -> Invite.read(r);
      case LinkUpdate.TAG -> LinkUpdate.read(r);
      case Command.TAG -> Command.read(r);
      case GetLink.TAG -> GetLink.read(r);
      case Join.TAG -> Join.read(r);
      case Publish.TAG -> Publish.read(r);
      case Subscribe.TAG -> Subscribe.read(r);
      case Certify.TAG -> Certify.read(r);
      case Ping.TAG -> Ping.read(r);
      case RelayHello.TAG -> RelayHello.read(r);
      case Accepted.TAG -> Accepted.read(r);
      case Rejected.TAG -> Rejected.read(r);
      case LinkData.TAG -> LinkData.read(r);
      case Ok.TAG -> Ok.read(r);
      case Queued.TAG -> Queued.read(r);
      case Joined.TAG -> Joined.read(r);
      case Posted.TAG -> Posted.read(r);
      case Subscribed.TAG -> Subscribed.read(r);
      case Deliver.TAG -> Deliver.read(r);
      case LogEntry.TAG -> LogEntry.read(r);
      case ErrorMessage.TAG -> ErrorMessage.read(r);
      case Pong.TAG -> Pong.read(r);
      default ->
          throw new DecodeException(
              DecodeException.Reason.UNKNOWN_TYPE, "unknown message tag " + printable(tag));
    };
  }

  private static String printable(String tag) {
    return tag.chars().allMatch(c -> c >= 0x21 && c < 0x7f) ? tag : "(non-ASCII)";
  }
}
