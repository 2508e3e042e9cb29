package io.chatrelay.codec.link;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.QueryString;
import io.chatrelay.codec.encoding.QueryString.Param;
import io.chatrelay.codec.version.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A full connection request (simplexmq {@code ConnectionRequestUri}): an invitation or a contact
 * address.
 *
 * <p>String form, always printed with the {@code simplex:} scheme (as SimpleX does; {@code
 * https://<host>/…} is read too):
 *
 * <pre>
 * simplex:/invitation#/?v=&lt;range&gt;&amp;smp=&lt;queue&gt;[;&lt;queue&gt;…]&amp;e2e=&lt;params&gt;[&amp;data=&lt;text&gt;]
 * simplex:/contact#/?v=&lt;range&gt;&amp;smp=&lt;queue&gt;[;&lt;queue&gt;…][&amp;data=&lt;text&gt;]
 * </pre>
 *
 * with every value percent-encoded. A contact address's agent version range is adjusted on reading
 * as SimpleX does, so that old published addresses keep working: its minimum is raised to {@value
 * #MIN_AGENT_VERSION} and its maximum to at least the new minimum ({@code v=1} reads as {@code 2}).
 *
 * <p>Binary form: {@code 'I'} then {@link ConnReqData} then {@link E2eRatchetParams}, or {@code
 * 'C'} then {@link ConnReqData}.
 */
public sealed interface ConnectionRequest extends Link permits InvitationRequest, ContactRequest {

  /** Lowest agent version SimpleX still supports ({@code minSupportedSMPAgentVersion}). */
  int MIN_AGENT_VERSION = 2;

  /** The common data. */
  ConnReqData data();

  /** {@link LinkType#INVITATION} or {@link LinkType#CONTACT}. */
  LinkType type();

  @Override
  default LinkForm form() {
    return LinkForm.FULL;
  }

  @Override
  default String print() {
    ConnReqData d = data();
    List<Param> params = new ArrayList<>();
    params.add(new Param("v", d.agentVersions().print()));
    params.add(
        new Param(
            "smp", d.queues().stream().map(SmpQueueUri::print).collect(Collectors.joining(";"))));
    if (this instanceof InvitationRequest inv) {
      params.add(new Param("e2e", inv.e2e().print()));
    }
    d.clientData().ifPresent(c -> params.add(new Param("data", c)));
    return "simplex:/" + type().wireName() + "#/?" + QueryString.render(params);
  }

  /** The binary form ({@code smpEncode}). */
  default void encode(BinaryWriter w) {
    if (this instanceof InvitationRequest inv) {
      w.writeChar('I');
      inv.data().encode(w);
      inv.e2e().encode(w);
    } else {
      w.writeChar('C');
      data().encode(w);
    }
  }

  /**
   * Reads the binary form.
   *
   * @throws DecodeException UNKNOWN_TYPE for a mode other than {@code I}/{@code C}, or the reason
   *     of the first defect in the rest
   */
  static ConnectionRequest decode(BinaryReader r) {
    int mode = r.readByte();
    if (mode == 'I') {
      ConnReqData d = ConnReqData.decode(r);
      return new InvitationRequest(d, E2eRatchetParams.decode(r));
    }
    if (mode == 'C') {
      return new ContactRequest(ConnReqData.decode(r));
    }
    throw DecodeException.unknownType(
        "unknown connection mode byte 0x" + Integer.toHexString(mode));
  }

  /**
   * Parses {@code simplex:/…} or {@code https://<host>/…}.
   *
   * @throws DecodeException with the reason of the first defect
   */
  static ConnectionRequest parse(String s) {
    String rest;
    if (s.startsWith("simplex:")) {
      rest = s.substring("simplex:".length());
    } else if (s.startsWith("https://")) {
      int slash = s.indexOf('/', "https://".length());
      if (slash < 0) {
        throw DecodeException.truncated("connection request has no path");
      }
      String authority = s.substring("https://".length(), slash);
      int colon = authority.indexOf(':');
      if (colon >= 0) {
        SmpServer.parsePort(authority.substring(colon + 1));
        authority = authority.substring(0, colon);
      }
      SmpServer.parseHost(authority);
      rest = s.substring(slash);
    } else {
      throw DecodeException.unknownType("connection request must start with simplex: or https://");
    }
    int hashAt = rest.indexOf('#');
    if (hashAt < 0) {
      throw DecodeException.truncated("connection request has no '#' fragment");
    }
    String mode = rest.substring(0, hashAt);
    if (mode.endsWith("/")) {
      mode = mode.substring(0, mode.length() - 1);
    }
    LinkType type;
    if (mode.equals("/invitation")) {
      type = LinkType.INVITATION;
    } else if (mode.equals("/contact")) {
      type = LinkType.CONTACT;
    } else {
      throw DecodeException.unknownType(
          "unknown connection request mode '" + SmpServer.printableString(mode) + "'");
    }
    rest = rest.substring(hashAt);
    if (!rest.startsWith("#/?")) {
      throw DecodeException.invalid("connection request must continue with '#/?' after the mode");
    }
    List<Param> q = QueryString.parse(rest.substring(3));
    String where = type.wireName() + " request";
    VersionRange vr = VersionRange.parse(QueryString.required(q, "v", where));
    String smp = QueryString.required(q, "smp", where);
    List<SmpQueueUri> queues = new ArrayList<>();
    for (String one : smp.split(";", -1)) {
      if (queues.size() == ConnReqData.MAX_QUEUES) {
        throw DecodeException.overLimit(
            "connection request has more than " + ConnReqData.MAX_QUEUES + " queues");
      }
      queues.add(SmpQueueUri.parse(one));
    }
    Optional<String> clientData = QueryString.first(q, "data");
    if (type == LinkType.INVITATION) {
      E2eRatchetParams e2e = E2eRatchetParams.parse(QueryString.required(q, "e2e", where));
      return new InvitationRequest(new ConnReqData(vr, queues, clientData), e2e);
    }
    int lo = Math.max(MIN_AGENT_VERSION, vr.min());
    VersionRange adjusted = new VersionRange(lo, Math.max(lo, vr.max()));
    return new ContactRequest(new ConnReqData(adjusted, queues, clientData));
  }
}
