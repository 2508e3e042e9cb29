package io.chatrelay.client.member;

import io.chatrelay.codec.group.Post;

/** What a {@link GroupReader} reports while reading a group. */
public sealed interface ReadEvent {

  /** How far a shown post's author is vouched for. */
  enum Authorship {
    /** Signed by an owner key of the verified owner chain. */
    OWNER,
    /** Signed by a member key that carries a valid owner certificate. */
    CERTIFIED,
    /** Signed by a member key that no owner certified (in a group): shown as unverified. */
    UNVERIFIED
  }

  /**
   * A post shown for the first time: its signature verified.
   *
   * @param relay the relay that delivered it first ({@code host:port})
   * @param post the post
   * @param authorship owner, certified member or unverified member
   */
  record Shown(String relay, Post post, Authorship authorship) implements ReadEvent {}

  /**
   * A delivered post that failed verification: never shown as genuine.
   *
   * @param relay the relay that sent it
   * @param seq its sequence number at that relay
   * @param reason why it was refused
   */
  record Rejected(String relay, long seq, String reason) implements ReadEvent {}

  /**
   * A genuine post of an author arrived after a later post of the same author ({@code authorSeq}
   * went backwards): a relay reordered that author's posts, or withheld the earlier one. Both are
   * shown; this names who delivered what.
   *
   * @param laterRelay the relay that delivered the later post first
   * @param laterSeq the later post's author sequence number
   * @param relay the relay that delivered this earlier post
   * @param seq this post's author sequence number
   */
  record OutOfOrder(String laterRelay, long laterSeq, String relay, long seq, Post post)
      implements ReadEvent {}

  /**
   * A relay that could not be read (unreachable, refused, dropped the connection); the others go
   * on.
   */
  record RelayDown(String relay, String reason) implements ReadEvent {}
}
