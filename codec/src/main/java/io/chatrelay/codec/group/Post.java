package io.chatrelay.codec.group;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.crypto.SignatureCheck;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A post, signed by its author: an owner key in a channel, an owner or member key in a group.
 *
 * <p>Layout: {@code postId(ByteString, 16..32) author(ByteString, 32) authorSeq(Int64)
 * sentAt(Int64, ms since epoch) body(Large, UTF-8, <= 16 KiB) signature(ByteString, 64)}. The
 * signature is over {@code ctx(post/1) groupId postId author authorSeq sentAt body}.
 *
 * <p>The relay's sequence number is not part of the signed data: relays order posts, authors don't.
 * Members de-duplicate by {@code postId} across relays; {@code authorSeq} counts each author's
 * posts from 1, so a member sees a relay that reorders or drops an author's posts.
 */
public record Post(
    byte[] postId,
    Ed25519PublicKey author,
    long authorSeq,
    long sentAt,
    byte[] body,
    byte[] signature) {
  public static final int MAX_BODY = 16 * 1024;

  public Post {
    if (postId == null || postId.length < 16 || postId.length > 32) {
      throw DecodeException.invalid("post id must be 16..32 bytes");
    }
    if (author == null) {
      throw DecodeException.invalid("post author is required");
    }
    if (authorSeq < 1) {
      throw DecodeException.invalid("author sequence must be >= 1");
    }
    if (body == null || body.length > MAX_BODY) {
      throw DecodeException.overLimit("post body exceeds 16 KiB");
    }
    if (signature == null || signature.length != 64) {
      throw DecodeException.invalid("post signature must be 64 bytes");
    }
    postId = postId.clone();
    body = body.clone();
    signature = signature.clone();
  }

  /** Creates and signs a post for the group {@code groupId}. */
  public static Post sign(
      byte[] groupId,
      byte[] postId,
      Ed25519KeyPair author,
      long authorSeq,
      long sentAt,
      String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] msg = signedBytes(groupId, postId, author.publicKey(), authorSeq, sentAt, body);
    return new Post(postId, author.publicKey(), authorSeq, sentAt, body, author.sign(msg));
  }

  static byte[] signedBytes(
      byte[] groupId,
      byte[] postId,
      Ed25519PublicKey author,
      long authorSeq,
      long sentAt,
      byte[] body) {
    return Signing.start(Signing.POST)
        .writeShortBytes(groupId)
        .writeShortBytes(postId)
        .writeShortBytes(author.bytes())
        .writeInt64(authorSeq)
        .writeInt64(sentAt)
        .writeLarge(body)
        .toByteArray();
  }

  /** True if the author's signature over this post in group {@code groupId} verifies. */
  public boolean signatureValid(byte[] groupId) {
    return signatureCheck(groupId).verifyAlone();
  }

  /** The author's signature over this post in group {@code groupId}, as a check to make. */
  public SignatureCheck signatureCheck(byte[] groupId) {
    return new SignatureCheck(
        author, signedBytes(groupId, postId, author, authorSeq, sentAt, body), signature);
  }

  /**
   * Verifies a post of a channel: signed by an owner key of the verified link data.
   *
   * @throws LinkDataException {@code UNAUTHORISED_SIGNER} or {@code BAD_SIGNATURE}
   */
  public Post verifyOwnerPost(GroupLinkData group) {
    if (!group.isOwner(author)) {
      throw new LinkDataException(
          LinkDataException.Failure.UNAUTHORISED_SIGNER, "post author is not an owner");
    }
    if (!signatureValid(group.groupId())) {
      throw new LinkDataException(
          LinkDataException.Failure.BAD_SIGNATURE, "post signature does not verify");
    }
    return this;
  }

  /** The body as text; malformed UTF-8 is replaced, never thrown (display only). */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] postId() {
    return postId.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public void encode(BinaryWriter w) {
    w.writeShortBytes(postId)
        .writeShortBytes(author.bytes())
        .writeInt64(authorSeq)
        .writeInt64(sentAt)
        .writeLarge(body)
        .writeShortBytes(signature);
  }

  public byte[] encode() {
    BinaryWriter w = new BinaryWriter(body.length + 160);
    encode(w);
    return w.toByteArray();
  }

  public static Post read(BinaryReader r) {
    byte[] id = r.readShortBytes(32);
    Ed25519PublicKey author = Keys.readEd25519(r, "post author");
    long seq = r.readInt64();
    long sentAt = r.readInt64();
    byte[] body = r.readLarge(MAX_BODY);
    return new Post(id, author, seq, sentAt, body, Keys.readSignature(r));
  }

  public static Post decode(byte[] bytes) {
    return BinaryReader.decodeAll(bytes, Post::read);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Post p
        && Arrays.equals(postId, p.postId)
        && author.equals(p.author)
        && authorSeq == p.authorSeq
        && sentAt == p.sentAt
        && Arrays.equals(body, p.body)
        && Arrays.equals(signature, p.signature);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(postId);
  }

  @Override
  public String toString() {
    return "Post["
        + java.util.HexFormat.of().formatHex(postId, 0, 4)
        + "…, author="
        + author
        + ", seq="
        + authorSeq
        + ", "
        + body.length
        + " bytes]";
  }
}
