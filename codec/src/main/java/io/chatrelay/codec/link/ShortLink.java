package io.chatrelay.codec.link;

import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.QueryString;
import io.chatrelay.codec.encoding.QueryString.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A short link (simplexmq {@code ConnShortLink}, extended for relays and groups).
 *
 * <pre>
 * https://&lt;host1&gt;/&lt;t&gt;#[&lt;linkId&gt;/]&lt;linkKey&gt;[?h=&lt;host2,…&gt;][&amp;p=&lt;port&gt;][&amp;c=&lt;keyhash&gt;][&amp;r=&lt;relays&gt;]
 * simplex:/&lt;t&gt;#[&lt;linkId&gt;/]&lt;linkKey&gt;?h=&lt;host1,…&gt;[&amp;p=&lt;port&gt;][&amp;c=&lt;keyhash&gt;][&amp;r=&lt;relays&gt;]
 * </pre>
 *
 * Link id and key and the key hash {@code c} are unpadded base64url; parameters are printed in the
 * order {@code h p c r}, each only when it has a value, and percent-encoded. SimpleX's parser looks
 * parameters up by name, so it ignores {@code r}; our parser ignores any parameter it does not
 * know, and ignores {@code r} on link types other than {@code c} and {@code g}.
 *
 * <p>Our extensions (see {@code docs/protocol.md}): a relay link ({@code r}) may carry a link id,
 * the per-group relay address id; a channel or group link may list further relays in {@code r}.
 */
public sealed interface ShortLink extends Link
    permits InvitationShortLink, ContactShortLink, GroupShortLink, RelayShortLink {

  /** Link key length (SHA3-256). */
  int KEY_LENGTH = 32;

  /** Link id length (an SMP link id; also the per-group relay address id). */
  int ID_LENGTH = 24;

  /** Most additional relays a group link may name. */
  int MAX_RELAYS = 16;

  ShortLinkScheme scheme();

  LinkType type();

  /** The server where the link data is stored (for a group link, its first relay). */
  SmpServer server();

  /** A copy of the 32-byte link key. */
  byte[] linkKey();

  @Override
  default LinkForm form() {
    return LinkForm.SHORT;
  }

  static byte[] checkKey(byte[] key) {
    if (key.length != KEY_LENGTH) {
      throw DecodeException.invalid("link key must be " + KEY_LENGTH + " bytes, got " + key.length);
    }
    return key.clone();
  }

  static byte[] checkId(byte[] id, String what) {
    if (id.length != ID_LENGTH) {
      throw DecodeException.invalid(what + " must be " + ID_LENGTH + " bytes, got " + id.length);
    }
    return id.clone();
  }

  @Override
  default String print() {
    SmpServer srv = server();
    List<Param> params = new ArrayList<>();
    List<String> hosts = srv.hosts();
    List<String> hParam =
        scheme() == ShortLinkScheme.HTTPS ? hosts.subList(1, hosts.size()) : hosts;
    if (!hParam.isEmpty()) {
      params.add(new Param("h", String.join(",", hParam)));
    }
    if (srv.port().isPresent()) {
      params.add(new Param("p", Integer.toString(srv.port().getAsInt())));
    }
    byte[] kh = srv.keyHash();
    if (kh.length > 0) {
      params.add(new Param("c", Base64Url.encodeUnpadded(kh)));
    }
    if (this instanceof GroupShortLink g && !g.extraRelays().isEmpty()) {
      params.add(
          new Param(
              "r",
              g.extraRelays().stream()
                  .map(SmpServer::printAddress)
                  .collect(Collectors.joining(";"))));
    }
    String frag;
    if (this instanceof InvitationShortLink inv) {
      frag = Base64Url.encodeUnpadded(inv.linkId()) + "/";
    } else if (this instanceof RelayShortLink rel && rel.isLegacy()) {
      frag = Base64Url.encodeUnpadded(rel.legacyAddressId().get()) + "/";
    } else {
      frag = "";
    }
    frag += Base64Url.encodeUnpadded(linkKey());
    String query = params.isEmpty() ? "" : "?" + QueryString.render(params);
    String prefix =
        scheme() == ShortLinkScheme.HTTPS ? "https://" + hosts.get(0) + "/" : "simplex:/";
    return prefix + type().letter() + "#" + frag + query;
  }

  /**
   * Parses either scheme.
   *
   * @throws DecodeException UNKNOWN_TYPE for an unknown type letter, MISSING_FIELD for a link with
   *     no host, BAD_ENCODING for bad base64url, INVALID_VALUE for wrong lengths, ports or hosts
   */
  static ShortLink parse(String s) {
    ShortLinkScheme scheme;
    String firstHost = null;
    String rest;
    if (s.startsWith("simplex:")) {
      scheme = ShortLinkScheme.SIMPLEX;
      rest = s.substring("simplex:".length());
    } else if (s.startsWith("https://")) {
      scheme = ShortLinkScheme.HTTPS;
      int slash = s.indexOf('/', "https://".length());
      if (slash < 0) {
        throw DecodeException.truncated("short link has no path");
      }
      String authority = s.substring("https://".length(), slash);
      if (authority.contains(":")) {
        throw DecodeException.invalid("short link host must not carry a port (use p=)");
      }
      firstHost = SmpServer.parseHost(authority);
      rest = s.substring(slash);
    } else {
      throw DecodeException.unknownType("short link must start with https:// or simplex:");
    }
    int hashAt = rest.indexOf('#');
    if (hashAt < 0) {
      throw DecodeException.truncated("short link has no '#' fragment");
    }
    String path = rest.substring(0, hashAt);
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.startsWith("/") || path.length() != 2) {
      throw DecodeException.unknownType(
          "unknown link type '"
              + SmpServer.printableString(path)
              + "' (expected /a, /c, /g, /i or /r)");
    }
    LinkType type = LinkType.fromLetter(path.charAt(1));
    rest = rest.substring(hashAt);
    rest = rest.substring(1);
    int qm = rest.indexOf('?');
    String frag = qm < 0 ? rest : rest.substring(0, qm);
    List<Param> q = qm < 0 ? List.of() : QueryString.parse(rest.substring(qm + 1));

    List<String> hosts = new ArrayList<>();
    if (firstHost != null) {
      hosts.add(firstHost);
    }
    Optional<String> h = QueryString.first(q, "h");
    if (h.isPresent() && !h.get().isEmpty()) {
      hosts.addAll(SmpServer.parseHosts(h.get()));
    }
    if (hosts.isEmpty()) {
      throw DecodeException.missing("short link names no server host (parameter 'h')");
    }
    Optional<String> p = QueryString.first(q, "p");
    OptionalInt port =
        p.isPresent() ? OptionalInt.of(SmpServer.parsePort(p.get())) : OptionalInt.empty();
    Optional<String> c = QueryString.first(q, "c");
    byte[] keyHash = c.isPresent() ? Base64Url.decode(c.get(), "server key hash (c)") : new byte[0];
    SmpServer server = new SmpServer(hosts, port, keyHash);

    int slash = frag.indexOf('/');
    Optional<byte[]> id =
        slash < 0
            ? Optional.empty()
            : Optional.of(Base64Url.decode(frag.substring(0, slash), "link id"));
    byte[] key = Base64Url.decode(slash < 0 ? frag : frag.substring(slash + 1), "link key");
    switch (type) {
      case INVITATION:
        return new InvitationShortLink(
            scheme,
            server,
            id.orElseThrow(() -> DecodeException.missing("invitation short link has no link id")),
            key);
      case RELAY:
        return new RelayShortLink(scheme, server, id, key);
      case CONTACT:
        rejectId(id, type);
        return new ContactShortLink(scheme, server, key);
      default:
        rejectId(id, type);
        List<SmpServer> relays = new ArrayList<>();
        Optional<String> r = QueryString.first(q, "r");
        if (r.isPresent() && !r.get().isEmpty()) {
          for (String one : r.get().split(";", -1)) {
            if (relays.size() == MAX_RELAYS) {
              throw DecodeException.overLimit("more than " + MAX_RELAYS + " additional relays");
            }
            relays.add(SmpServer.parseAddress(one));
          }
        }
        return new GroupShortLink(scheme, type, server, key, relays);
    }
  }

  private static void rejectId(Optional<byte[]> id, LinkType type) {
    if (id.isPresent()) {
      throw DecodeException.invalid("a " + type.wireName() + " short link has no link id");
    }
  }
}
