package io.chatrelay.client.group;

import io.chatrelay.client.state.GroupState;
import io.chatrelay.client.state.RelayState;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.RelayEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Posts to a group: as an owner to every relay of the group, or (in a group, not a channel) as a
 * member to the relays where the member joined.
 *
 * <p>The author's post counter ({@code authorSeq}) is taken from the local state and stored before
 * the post is sent, so no two posts of an author ever share a number, even after a failure.
 */
public final class GroupPoster {
  private final ClientContext ctx;

  public GroupPoster(ClientContext ctx) {
    this.ctx = ctx;
  }

  /**
   * One post's outcome.
   *
   * @param result the post and what each relay did with it
   * @param role {@code owner} or {@code member}
   * @param unreachable relays whose link data could not be fetched first
   */
  public record Posted(PostSender.Result result, String role, List<RelayFailure> unreachable) {}

  /**
   * Signs {@code text} with this client's key for the group and sends it.
   *
   * @throws ClientException if this client may not post there, or no relay stored the post (the
   *     message names each relay's reason)
   */
  public Posted post(GroupState group, String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length > Post.MAX_BODY) {
      throw new ClientException("a post is at most " + Post.MAX_BODY + " bytes of UTF-8");
    }
    try (GroupSession session = new GroupSession(ctx.options())) {
      ClientContext.Refreshed r = ctx.refresh(group, session);
      GroupLinkData data = r.data();
      Ed25519KeyPair author;
      List<RelayEntry> relays;
      String role;
      if (r.group().ownerKey().isPresent()
          && data.isOwner(r.group().ownerKey().get().publicKey())) {
        author = r.group().ownerKey().get();
        relays = data.data().relays();
        role = "owner";
      } else if (r.group().memberKey().isPresent() && data.fixed().type() == GroupType.GROUP) {
        author = r.group().memberKey().get();
        relays =
            r.group().relays().stream().filter(RelayState::joined).map(GroupState::entry).toList();
        role = "member";
      } else if (r.group().ownerKey().isPresent()) {
        throw new ClientException(
            "your owner key for '"
                + group.name()
                + "' is not in its signed owner chain yet: ask an owner to add it");
      } else {
        throw new ClientException(
            "'" + group.name() + "' is a channel: only its owners post there");
      }
      if (relays.isEmpty()) {
        throw new ClientException("'" + group.name() + "' has no relay to post to");
      }
      long[] seq = new long[1];
      ctx.home().update(r.group(), g -> seq[0] = g.nextAuthorSeq(author));
      Post post =
          Post.sign(
              data.groupId(), ctx.randomBytes(16), author, seq[0], ctx.clock().millis(), text);
      PostSender.Result result = PostSender.send(session, relays, post, ctx.timeout());
      if (!result.accepted()) {
        throw new ClientException(
            "no relay accepted the post: "
                + String.join(
                    "; ", result.failures().stream().map(RelayFailure::toString).toList()));
      }
      return new Posted(result, role, r.failures());
    }
  }
}
