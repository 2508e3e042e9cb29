package io.chatrelay.store.post;

import io.chatrelay.store.Checks;
import java.time.Instant;

/**
 * A stored post.
 *
 * @param groupId the group
 * @param seq its per-group sequence number: 1, 2, 3, ... without gaps
 * @param postId its id
 * @param authorKey the signing key
 * @param post the encoded signed post
 * @param postedAt when the relay stored it
 */
public record Post(
    byte[] groupId, long seq, byte[] postId, byte[] authorKey, byte[] post, Instant postedAt) {
  public Post {
    groupId = groupId.clone();
    postId = postId.clone();
    authorKey = authorKey.clone();
    post = post.clone();
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
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
    return "Post[" + Checks.shortHex(groupId) + " #" + seq + " " + Checks.shortHex(postId) + "]";
  }
}
