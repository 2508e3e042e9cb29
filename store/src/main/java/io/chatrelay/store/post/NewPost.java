package io.chatrelay.store.post;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;

/**
 * A verified post to store: the server has checked its signature.
 *
 * @param postId the post's id, 1..64 bytes, unique within the group (duplicates are de-duplicated)
 * @param authorKey the signing key, 32 bytes
 * @param post the encoded signed post, 1 byte .. 1 MiB
 * @throws StoreException of kind {@code INVALID_ARGUMENT} when a field has the wrong shape
 */
public record NewPost(byte[] postId, byte[] authorKey, byte[] post) {
  public NewPost {
    postId = Checks.between(postId, 1, 64, "post id");
    authorKey = Checks.exactly(authorKey, 32, "author key");
    post = Checks.between(post, 1, 1 << 20, "post");
  }

  @Override
  public byte[] postId() {
    return postId.clone();
  }

  @Override
  public byte[] authorKey() {
    return authorKey.clone();
  }

  @Override
  public byte[] post() {
    return post.clone();
  }

  @Override
  public String toString() {
    return "NewPost[" + Checks.shortHex(postId) + ", " + post.length + " bytes]";
  }
}
