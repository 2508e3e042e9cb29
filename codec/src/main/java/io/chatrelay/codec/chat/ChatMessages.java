package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point for a message body as simplex-chat's {@code parseChatMessages} reads it, by its
 * first byte:
 *
 * <pre>
 * '=' binary batch ({@link BinaryBatch})
 * 'X' compressed: {@link ChatCompression}; each body is then read as below, except 'X' again
 * '[' JSON array of chat messages (legacy group batches)
 * otherwise a single {@link BatchElement} ('{', '/', '>', 'F')
 * </pre>
 *
 * The result is the elements in order. Items of a JSON array become {@link PlainElement}s of their
 * compact re-encoding (simplex-chat does not keep their bytes either).
 */
public final class ChatMessages {
  private ChatMessages() {}

  /**
   * Reads a message body into its elements.
   *
   * @throws DecodeException TRUNCATED for an empty body, UNKNOWN_TYPE for an unknown first byte,
   *     and the reasons of each format
   */
  public static List<BatchElement> parse(byte[] body) {
    if (body.length == 0) {
      throw DecodeException.truncated("empty message body");
    }
    if (body[0] == 'X') {
      List<BatchElement> out = new ArrayList<>();
      BinaryReader r = new BinaryReader(body, 1, body.length - 1);
      for (byte[] b : ChatCompression.decompressBatch(r.readTail())) {
        if (b.length == 0) {
          throw DecodeException.truncated("empty compressed item");
        }
        if (b[0] == 'X') {
          throw DecodeException.invalid("nested compression");
        }
        out.addAll(parseUncompressed(b));
      }
      return List.copyOf(out);
    }
    return parseUncompressed(body);
  }

  private static List<BatchElement> parseUncompressed(byte[] body) {
    return switch (body[0]) {
      case '=' -> BinaryBatch.decode(body).elements();
      case '[' -> jsonArray(body);
      default -> List.of(BatchElement.decode(body));
    };
  }

  private static List<BatchElement> jsonArray(byte[] body) {
    JsonNode arr = ChatJson.parse(body);
    if (!arr.isArray() || arr.isEmpty() || arr.size() > 255) {
      throw DecodeException.invalid("a JSON batch is an array of 1..255 messages");
    }
    List<BatchElement> out = new ArrayList<>(arr.size());
    for (JsonNode item : arr) {
      if (!item.isObject()) {
        throw DecodeException.invalid("a JSON batch item must be an object");
      }
      out.add(new PlainElement(ChatJson.write(item, false).getBytes(StandardCharsets.UTF_8)));
    }
    return List.copyOf(out);
  }
}
