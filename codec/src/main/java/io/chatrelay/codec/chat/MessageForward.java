package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * {@code x.grp.msg.forward}: a member's message forwarded in JSON form (groups without relays).
 * Params: {@code {"memberId": base64url, "memberName": text, "msg": ChatMessage, "msgTs": time}},
 * {@code memberId} and {@code memberName} absent when the channel is the sender; a missing {@code
 * memberName} reads as empty, as in simplex-chat.
 *
 * <p>The inner message is written as simplex-chat writes a nested value: every key sorted. Channels
 * forward with the binary {@link ForwardElement} instead.
 *
 * @param sender who the message is attributed to
 * @param msgTs the broker time of the original message
 * @param msg the forwarded message
 * @param extra unknown params fields
 */
public record MessageForward(ForwardSender sender, Instant msgTs, ChatMessage msg, JsonValue extra)
    implements ChatEvent {
  public static final String TAG = "x.grp.msg.forward";
  static final Set<String> KNOWN = Set.of("memberId", "memberName", "msg", "msgTs");

  public MessageForward {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(msgTs, "msgTs");
    Objects.requireNonNull(msg, "msg");
    Params.requireObject(extra, "extra");
  }

  public MessageForward(ForwardSender sender, Instant msgTs, ChatMessage msg) {
    this(sender, msgTs, msg, Params.empty());
  }

  static MessageForward fromParams(ObjectNode p, int depth) {
    ForwardSender sender =
        Params.field(p, "memberId") == null
            ? new ForwardSender.Channel()
            : new ForwardSender.Member(
                Params.bytes(p, "memberId"), Params.optString(p, "memberName").orElse(""));
    Instant ts = ChatTime.parse(Params.string(p, "msgTs"), "msgTs");
    ChatMessage inner = ChatMessage.fromJson(Params.object(p, "msg"), depth + 1);
    return new MessageForward(sender, ts, inner, Params.extra(p, KNOWN));
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode toParams() {
    ObjectNode o = ChatJson.object();
    if (sender instanceof ForwardSender.Member m) {
      o.put("memberId", Params.b64(m.memberId()));
      o.put("memberName", m.memberName());
    }
    o.set("msg", msg.toJson());
    o.put("msgTs", ChatTime.print(msgTs));
    Params.putExtra(o, extra);
    return o;
  }
}
