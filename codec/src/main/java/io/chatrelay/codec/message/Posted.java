package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;

/**
 * {@code POSTED}: the post is stored under {@code seq}. {@code seq(Int64) postId(ByteString)}.
 * Publishing the same post id again returns the sequence number it already has.
 */
public record Posted(long seq, Bytes postId) implements RelayMessage {
  public static final String TAG = "POSTED";

  public Posted {
    if (seq < 1) {
      throw DecodeException.invalid("sequence must be >= 1");
    }
    Fields.required(postId, "post id").requireLength(16, 32, "post id");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    w.writeInt64(seq);
    postId.writeShort(w);
  }

  static Posted read(BinaryReader r) {
    return new Posted(r.readInt64(), Bytes.read(r, 16, 32, "post id"));
  }
}
