package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.Post;

/**
 * {@code POST}: publish a signed post to the group at this address. {@code addressId(ByteString,
 * 24) post(Post)}. The relay checks the signature and the author's right to post before it assigns
 * a sequence number.
 */
public record Publish(Bytes addressId, Post post) implements ClientMessage {
  public static final String TAG = "POST";

  public Publish {
    Fields.address(addressId);
    Fields.required(post, "post");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    addressId.writeShort(w);
    post.encode(w);
  }

  static Publish read(BinaryReader r) {
    return new Publish(Fields.readAddress(r), Post.read(r));
  }
}
