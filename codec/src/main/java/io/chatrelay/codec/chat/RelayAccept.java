package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.link.Link;
import java.util.Objects;
import java.util.Set;

/**
 * {@code x.grp.relay.acpt}: a relay accepts an owner's invitation and sends the link members join
 * the group through at this relay. Params: {@code {"relayLink": short link}}.
 *
 * @param relayLink the relay's link for this group (a contact short link)
 * @param extra unknown params fields
 */
public record RelayAccept(Link relayLink, JsonValue extra) implements ChatEvent {
  public static final String TAG = "x.grp.relay.acpt";
  static final Set<String> KNOWN = Set.of("relayLink");

  public RelayAccept {
    Objects.requireNonNull(relayLink, "relayLink");
    Params.requireObject(extra, "extra");
  }

  public RelayAccept(Link relayLink) {
    this(relayLink, Params.empty());
  }

  static RelayAccept fromParams(ObjectNode p) {
    return new RelayAccept(Params.link(p, "relayLink"), Params.extra(p, KNOWN));
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
