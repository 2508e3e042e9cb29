package io.chatrelay.store.post;

import io.chatrelay.store.Checks;

/**
 * Where an appended post is.
 *
 * @param postId the post's id
 * @param seq its sequence number
 * @param duplicate true when a post with this id was already stored (then {@code seq} is the stored
 *     one and nothing was written)
 */
public record PostReceipt(byte[] postId, long seq, boolean duplicate) {
  public PostReceipt {
    postId = postId.clone();
  }

  @Override
  public byte[] postId() {
    return postId.clone();
  }

  @Override
  public String toString() {
    return "PostReceipt[" + Checks.shortHex(postId) + " #" + seq + (duplicate ? " dup" : "") + "]";
  }
}
