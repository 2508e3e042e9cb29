package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.encoding.DecodeException;

/** The one decoder of {@link ChatEvent}s: switches on the tag. */
public final class ChatEvents {
  /** Longest event tag read. */
  public static final int MAX_TAG_LENGTH = 255;

  /** Deepest nesting of {@code x.grp.msg.forward} read. */
  static final int MAX_FORWARD_DEPTH = 4;

  private ChatEvents() {}

  /**
   * The event for {@code tag} with {@code params}: a modelled event for the tags of {@link
   * ChatEvent}'s records, an {@link UnknownEvent} for any other tag.
   *
   * @throws DecodeException INVALID_VALUE for a tag that is not a JSON event tag (it must start
   *     with {@code x} and have no space), MISSING_FIELD or INVALID_VALUE for params a modelled
   *     event cannot be read from (simplex-chat refuses such a message too)
   */
  public static ChatEvent decode(String tag, ObjectNode params) {
    return decode(tag, params, 0);
  }

  static ChatEvent decode(String tag, ObjectNode params, int depth) {
    checkTagDecoding(tag);
    return switch (tag) {
      case RelayInvite.TAG -> RelayInvite.fromParams(params);
      case RelayAccept.TAG -> RelayAccept.fromParams(params);
      case RelayReject.TAG -> RelayReject.fromParams(params);
      case RelayNew.TAG -> RelayNew.fromParams(params);
      case MemberJoin.TAG -> MemberJoin.fromParams(params);
      case GroupLinkInvite.TAG -> GroupLinkInvite.fromParams(params);
      case GroupInfoUpdate.TAG -> GroupInfoUpdate.fromParams(params);
      case MessageForward.TAG -> {
        if (depth >= MAX_FORWARD_DEPTH) {
          throw DecodeException.overLimit("x.grp.msg.forward nested too deep");
        }
        yield MessageForward.fromParams(params, depth);
      }
      default -> new UnknownEvent(tag, JsonValue.of(params));
    };
  }

  private static void checkTagDecoding(String tag) {
    try {
      checkTag(tag);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(DecodeException.Reason.INVALID_VALUE, e.getMessage(), e);
    }
  }

  static void checkTag(String tag) {
    if (tag == null
        || tag.isEmpty()
        || tag.length() > MAX_TAG_LENGTH
        || tag.charAt(0) != 'x'
        || tag.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("invalid JSON event tag");
    }
  }
}
