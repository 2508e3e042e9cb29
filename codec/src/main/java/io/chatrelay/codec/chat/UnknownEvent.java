package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An event this codec does not model ({@code x.msg.new}, {@code x.grp.mem.new}, …, or a tag no
 * version knows), kept whole as simplex-chat's {@code XUnknown} does.
 *
 * @param tag the event tag; starts with {@code x}, at most 255 characters, no spaces
 * @param params the params object
 */
public record UnknownEvent(String tag, JsonValue params) implements ChatEvent {
  public UnknownEvent {
    ChatEvents.checkTag(tag);
    Objects.requireNonNull(params, "params");
    Params.requireObject(params, "params");
  }

  @Override
  public ObjectNode toParams() {
    return params.object();
  }

  @Override
  public String toString() {
    return "UnknownEvent[" + tag + "]";
  }
}
