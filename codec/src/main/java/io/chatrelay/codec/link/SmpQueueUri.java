package io.chatrelay.codec.link;

import io.chatrelay.codec.crypto.DhAlgorithm;
import io.chatrelay.codec.crypto.DhPublicKey;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.QueryString;
import io.chatrelay.codec.encoding.QueryString.Param;
import io.chatrelay.codec.version.VersionRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An SMP queue address sent out of band (simplexmq {@code SMPQueueUri}): the SMP client version
 * range, the server, the sender queue id, the recipient's X25519 DH key and the queue mode.
 *
 * <p>String form (printed by {@link #print()}):
 *
 * <pre>
 * smp://&lt;keyhash&gt;@&lt;host&gt;[,&lt;host&gt;…][:&lt;port&gt;]/&lt;senderId&gt;#/?v=&lt;range&gt;&amp;dh=&lt;key&gt;[&amp;q=m|c][&amp;k=s][&amp;srv=&lt;hosts&gt;]
 * </pre>
 *
 * When the range's minimum is 1 the legacy form is printed: only the first host in the authority,
 * the others in {@code srv}. {@code k=s} is printed for a messaging queue whose minimum version is
 * below 4. Legacy input is read as SimpleX reads it: the DH key directly after {@code #} (with or
 * without a query after it), unknown parameters ignored, {@code k=s} without {@code q} meaning a
 * messaging queue, and a version-1-only URI getting the known onion host of a preset server.
 *
 * <p>Invariants: sender id 1–255 bytes (copied); DH key is X25519. {@link #toString()} prints no
 * ids or keys.
 *
 * @param clientVersions SMP client version range
 * @param server the SMP server
 * @param senderId the sender's queue id
 * @param dhKey the recipient's X25519 public key for the server-to-recipient encryption
 * @param queueMode messaging or contact queue, absent in old addresses
 */
public record SmpQueueUri(
    VersionRange clientVersions,
    SmpServer server,
    byte[] senderId,
    DhPublicKey dhKey,
    Optional<QueueMode> queueMode)
    implements Link {

  /** SMP client version from which the full host list is in the authority. */
  static final int SRV_HOSTNAMES_VERSION = 2;

  /** SMP client version from which the sender can secure the queue ({@code k=s}). */
  static final int SND_AUTH_KEY_VERSION = 3;

  /** SMP client version from which the binary form carries the queue mode letter. */
  static final int SHORT_LINKS_VERSION = 4;

  /** Longest sender id. */
  public static final int MAX_ID_LENGTH = 255;

  /**
   * @throws DecodeException INVALID_VALUE/OVER_LIMIT for a bad sender id, BAD_KEY for a DH key that
   *     is not X25519
   */
  public SmpQueueUri {
    Objects.requireNonNull(clientVersions, "clientVersions");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(dhKey, "dhKey");
    Objects.requireNonNull(queueMode, "queueMode");
    senderId = checkId(senderId, "sender id");
    if (dhKey.algorithm() != DhAlgorithm.X25519) {
      throw DecodeException.badKey("queue DH key must be X25519, got " + dhKey.algorithm());
    }
    if (server.keyHash().length == 0) {
      throw DecodeException.missing("queue server has no key hash");
    }
  }

  static byte[] checkId(byte[] id, String what) {
    if (id.length == 0) {
      throw DecodeException.invalid(what + " is empty");
    }
    if (id.length > MAX_ID_LENGTH) {
      throw DecodeException.overLimit(
          what + " of " + id.length + " bytes exceeds " + MAX_ID_LENGTH);
    }
    return id.clone();
  }

  @Override
  public byte[] senderId() {
    return senderId.clone();
  }

  @Override
  public LinkForm form() {
    return LinkForm.QUEUE;
  }

  private boolean senderCanSecure() {
    return queueMode.equals(Optional.of(QueueMode.MESSAGING));
  }

  @Override
  public String print() {
    List<Param> params = new ArrayList<>();
    params.add(new Param("v", clientVersions.print()));
    params.add(new Param("dh", dhKey.print()));
    queueMode.ifPresent(m -> params.add(new Param("q", String.valueOf(m.uriLetter()))));
    if (senderCanSecure() && clientVersions.min() < SHORT_LINKS_VERSION) {
      params.add(new Param("k", "s"));
    }
    String id = Base64Url.encodePadded(senderId);
    if (clientVersions.min() >= SRV_HOSTNAMES_VERSION) {
      return server.printSmp() + "/" + id + "#/?" + QueryString.render(params);
    }
    List<String> extra = server.hosts().subList(1, server.hosts().size());
    if (!extra.isEmpty()) {
      params.add(new Param("srv", String.join(",", extra)));
    }
    return server.printLegacySmp() + "/" + id + "#/?" + QueryString.render(params);
  }

  /**
   * Parses a queue URI in any form SimpleX reads.
   *
   * @throws DecodeException with the reason of the first defect found
   */
  public static SmpQueueUri parse(String s) {
    if (!s.startsWith("smp://")) {
      throw DecodeException.unknownType("queue URI must start with smp://");
    }
    int slash = s.indexOf('/', "smp://".length());
    if (slash < 0) {
      throw DecodeException.truncated("queue URI has no '/' after the server");
    }
    SmpServer srv = parseServerPart(s.substring("smp://".length(), slash));
    int hash = s.indexOf('#', slash + 1);
    if (hash < 0) {
      throw DecodeException.truncated("queue URI has no '#' fragment");
    }
    String idPart = s.substring(slash + 1, hash);
    if (idPart.endsWith("/")) {
      idPart = idPart.substring(0, idPart.length() - 1);
    }
    byte[] senderId = Base64Url.decode(idPart, "sender id");
    String frag = s.substring(hash + 1);

    int i = 0;
    while (i < frag.length() && Base64Url.isAlphabet(frag.charAt(i))) {
      i++;
    }
    while (i < frag.length() && frag.charAt(i) == '=') {
      i++;
    }
    Optional<DhPublicKey> fragmentKey =
        i == 0
            ? Optional.empty()
            : Optional.of(DhPublicKey.parse(DhAlgorithm.X25519, frag.substring(0, i), "dh key"));
    String rest = frag.substring(i);
    if (rest.isEmpty()) {
      if (fragmentKey.isEmpty()) {
        throw DecodeException.missing("queue URI has neither a DH key nor a query");
      }
      // unversioned legacy form: smp://…/<id>#<dhKey>
      return new SmpQueueUri(
          VersionRange.of(1),
          srv.withExtraKnownHosts(),
          senderId,
          fragmentKey.get(),
          Optional.empty());
    }
    if (rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    if (!rest.startsWith("?")) {
      throw DecodeException.trailing(
          "unexpected '" + SmpServer.printableString(rest) + "' in queue URI fragment");
    }
    List<Param> q = QueryString.parse(rest.substring(1));
    VersionRange vr = VersionRange.parse(QueryString.required(q, "v", "queue URI"));
    DhPublicKey dh =
        fragmentKey.isPresent()
            ? fragmentKey.get()
            : DhPublicKey.parse(
                DhAlgorithm.X25519, QueryString.required(q, "dh", "queue URI"), "dh key");
    List<String> hosts = new ArrayList<>(srv.hosts());
    Optional<String> srvParam = QueryString.first(q, "srv");
    if (srvParam.isPresent() && !srvParam.get().isEmpty()) {
      hosts.addAll(SmpServer.parseHosts(srvParam.get()));
    }
    Optional<QueueMode> mode;
    Optional<String> qm = QueryString.first(q, "q");
    if (qm.equals(Optional.of("m"))) {
      mode = Optional.of(QueueMode.MESSAGING);
    } else if (qm.equals(Optional.of("c"))) {
      mode = Optional.of(QueueMode.CONTACT);
    } else if (QueryString.first(q, "k").equals(Optional.of("s"))) {
      mode = Optional.of(QueueMode.MESSAGING);
    } else {
      mode = Optional.empty();
    }
    SmpServer full = srv.withHosts(hosts);
    if (vr.max() < SRV_HOSTNAMES_VERSION) {
      full = full.withExtraKnownHosts();
    }
    return new SmpQueueUri(vr, full, senderId, dh, mode);
  }

  /** {@code keyhash[:auth]@hosts[:port]} of an {@code smp://} authority. */
  private static SmpServer parseServerPart(String authority) {
    int at = authority.indexOf('@');
    if (at < 0) {
      throw DecodeException.missing("queue URI server has no key hash ('@' missing)");
    }
    String kh = authority.substring(0, at);
    if (kh.contains(":")) {
      throw DecodeException.invalid("server passwords are not allowed in queue URIs");
    }
    byte[] keyHash = Base64Url.decode(kh, "server key hash");
    String hostPort = authority.substring(at + 1);
    OptionalInt port = OptionalInt.empty();
    int colon = hostPort.indexOf(':');
    if (colon >= 0) {
      port = OptionalInt.of(SmpServer.parsePort(hostPort.substring(colon + 1)));
      hostPort = hostPort.substring(0, colon);
    }
    return new SmpServer(SmpServer.parseHosts(hostPort), port, keyHash);
  }

  /**
   * The binary form, SimpleX's {@code smpEncode} of {@code SMPQueueUri}: version range, server,
   * sender id, DH key (DER, 1-byte length), then: from minimum version 4 the queue mode letter
   * ({@code M}/{@code C}, nothing if absent); from minimum version 3, or maximum 3 for a messaging
   * queue, a Bool ({@code T} if the sender can secure the queue); otherwise nothing.
   */
  public void encode(BinaryWriter w) {
    clientVersions.encode(w);
    server.encode(w);
    w.writeShortBytes(senderId);
    w.writeShortBytes(dhKey.der());
    if (clientVersions.min() >= SHORT_LINKS_VERSION) {
      queueMode.ifPresent(m -> w.writeChar(m.binaryLetter()));
    } else if (clientVersions.min() >= SND_AUTH_KEY_VERSION
        || (clientVersions.max() >= SND_AUTH_KEY_VERSION && senderCanSecure())) {
      w.writeBool(senderCanSecure());
    }
  }

  /**
   * Reads the binary form. The trailing mode is read as SimpleX's {@code queueModeP}: a mode
   * letter, else a Bool ({@code T} messaging, {@code F} contact), else nothing.
   *
   * @throws DecodeException TRUNCATED, OVER_LIMIT, INVALID_VALUE or BAD_KEY
   */
  public static SmpQueueUri decode(BinaryReader r) {
    VersionRange vr = VersionRange.decode(r);
    SmpServer srv = SmpServer.decode(r);
    byte[] senderId = r.readShortBytes();
    DhPublicKey dh = new DhPublicKey(DhAlgorithm.X25519, r.readShortBytes());
    Optional<QueueMode> mode = Optional.empty();
    if (!r.atEnd()) {
      int next = peek(r);
      if (next == 'M' || next == 'T') {
        r.readByte();
        mode = Optional.of(QueueMode.MESSAGING);
      } else if (next == 'C' || next == 'F') {
        r.readByte();
        mode = Optional.of(QueueMode.CONTACT);
      }
    }
    return new SmpQueueUri(vr, srv, senderId, dh, mode);
  }

  private static int peek(BinaryReader r) {
    return r.peekByte();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmpQueueUri u
        && u.clientVersions.equals(clientVersions)
        && u.server.equals(server)
        && Arrays.equals(u.senderId, senderId)
        && u.dhKey.equals(dhKey)
        && u.queueMode.equals(queueMode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientVersions, server, Arrays.hashCode(senderId), dhKey, queueMode);
  }

  @Override
  public String toString() {
    return "SmpQueueUri[v="
        + clientVersions
        + ", server="
        + server
        + ", mode="
        + queueMode.map(QueueMode::wireName).orElse("none")
        + "]";
  }
}
