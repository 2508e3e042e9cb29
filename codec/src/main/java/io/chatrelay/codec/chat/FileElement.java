package io.chatrelay.codec.chat;

import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.Objects;

/**
 * A binary file chunk message ({@code 'F'} then simplex-chat's {@code AppMessageBinary} body), kept
 * as the bytes after the {@code 'F'}; this codec does not read inside.
 *
 * @param body the bytes after {@code 'F'}
 */
public record FileElement(Bytes body) implements BatchElement {
  public FileElement {
    Objects.requireNonNull(body, "body");
    if (body.length() >= 0xFFFF) {
      throw DecodeException.overLimit("element over 65535 bytes");
    }
  }

  FileElement(byte[] body) {
    this(Bytes.of(body));
  }

  @Override
  public void encode(BinaryWriter w) {
    w.writeChar('F').writeRaw(body.toByteArray());
  }
}
