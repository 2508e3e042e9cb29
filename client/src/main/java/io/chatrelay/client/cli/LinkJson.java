package io.chatrelay.client.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.link.ConnectionRequest;
import io.chatrelay.codec.link.E2eRatchetParams;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.InvitationRequest;
import io.chatrelay.codec.link.InvitationShortLink;
import io.chatrelay.codec.link.Link;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.ShortLink;
import io.chatrelay.codec.link.SmpQueueUri;
import io.chatrelay.codec.link.SmpServer;
import io.chatrelay.codec.version.VersionRange;

/**
 * The JSON view of a link printed by {@code link inspect}.
 *
 * <p>Always: {@code form} ({@code queue}, {@code full}, {@code short}), {@code canonical} (our
 * printer's output) and, except for a queue, {@code type} ({@code invitation}, {@code contact},
 * {@code channel}, {@code group}, {@code relay}). Servers are {@code {hosts, port, keyHash}} (port
 * absent when the link has none, key hash padded base64url as in SMP server strings, empty when the
 * short link omits it); version ranges {@code {min, max}}. Other byte strings are base64url as they
 * appear in the link: padded in queues and e2e parameters, unpadded link ids and keys in short
 * links. These are public values of the link, so printing them is the point of the command.
 */
final class LinkJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private LinkJson() {}

  static ObjectNode of(Link link) {
    ObjectNode o = F.objectNode();
    o.put("form", link.form().wireName());
    if (link instanceof SmpQueueUri q) {
      o.put("canonical", q.print());
      o.set("queue", queue(q));
    } else if (link instanceof ConnectionRequest r) {
      o.put("type", r.type().wireName());
      o.put("canonical", r.print());
      o.put("scheme", "simplex");
      o.set("agentVersions", range(r.data().agentVersions()));
      ArrayNode qs = o.putArray("queues");
      r.data().queues().forEach(q -> qs.add(queue(q)));
      r.data().clientData().ifPresent(d -> o.put("clientData", d));
      if (r instanceof InvitationRequest inv) {
        o.set("e2e", e2e(inv.e2e()));
      }
    } else if (link instanceof ShortLink s) {
      o.put("type", s.type().wireName());
      o.put("canonical", s.print());
      o.put("scheme", s.scheme().wireName());
      o.set("server", server(s.server()));
      if (s instanceof InvitationShortLink inv) {
        o.put("linkId", Base64Url.encodeUnpadded(inv.linkId()));
      }
      if (s instanceof RelayShortLink rel) {
        rel.legacyAddressId()
            .ifPresent(
                id -> {
                  o.put("legacyForm", true);
                  o.put("linkId", Base64Url.encodeUnpadded(id));
                });
      }
      o.put("linkKey", Base64Url.encodeUnpadded(s.linkKey()));
      if (s instanceof GroupShortLink g) {
        ArrayNode relays = o.putArray("additionalRelays");
        g.extraRelays().forEach(r -> relays.add(server(r)));
      }
    }
    return o;
  }

  private static ObjectNode range(VersionRange vr) {
    ObjectNode o = F.objectNode();
    o.put("min", vr.min());
    o.put("max", vr.max());
    return o;
  }

  private static ObjectNode server(SmpServer s) {
    ObjectNode o = F.objectNode();
    ArrayNode hosts = o.putArray("hosts");
    s.hosts().forEach(hosts::add);
    s.port().ifPresent(p -> o.put("port", p));
    byte[] kh = s.keyHash();
    o.put("keyHash", kh.length == 0 ? "" : Base64Url.encodePadded(kh));
    return o;
  }

  private static ObjectNode queue(SmpQueueUri q) {
    ObjectNode o = F.objectNode();
    o.set("clientVersions", range(q.clientVersions()));
    o.set("server", server(q.server()));
    o.put("senderId", Base64Url.encodePadded(q.senderId()));
    o.put("dhKey", q.dhKey().print());
    q.queueMode().ifPresent(m -> o.put("queueMode", m.wireName()));
    return o;
  }

  private static ObjectNode e2e(E2eRatchetParams p) {
    ObjectNode o = F.objectNode();
    o.set("versions", range(p.versions()));
    o.put("keyAlgorithm", p.key1().algorithm().name());
    o.put("key1", p.key1().print());
    o.put("key2", p.key2().print());
    p.kemKey().ifPresent(k -> o.put("kemKey", Base64Url.encodePadded(k.bytes())));
    return o;
  }
}
