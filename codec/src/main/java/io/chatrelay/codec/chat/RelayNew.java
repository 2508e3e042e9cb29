package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.link.Link;
import java.util.Objects;
import java.util.Set;

/**
 * {@code x.grp.relay.new}: an owner announces a relay added to a channel; relays forward it to
 * subscribers, who connect to the new relay. Signed (channels protocol, "Message signing").
 *
 * <p>The channels protocol says the event carries the new relay's short link; the params key {@code
 * relayLink} is this codec's reading (the simplex-chat source read for this codec has no such event
 * yet). Unknown keys are kept in {@code extra}.
 *
 * @param relayLink the new relay's link
 * @param extra unknown params fields
 */
public record RelayNew(Link relayLink, JsonValue extra) implements ChatEvent {
  public static final String TAG = "x.grp.relay.new";
  static final Set<String> KNOWN = Set.of("relayLink");

  public RelayNew {
    Objects.requireNonNull(relayLink, "relayLink");
    Params.requireObject(extra, "extra");
  }

  public RelayNew(Link relayLink) {
    this(relayLink, Params.empty());
  }

  static RelayNew fromParams(ObjectNode p) {
    return new RelayNew(Params.link(p, "relayLink"), Params.extra(p, KNOWN));
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode toParams() {
    ObjectNode o = ChatJson.object();
    o.put("relayLink", relayLink.print());
    Params.putExtra(o, extra);
    return o;
  }
}
