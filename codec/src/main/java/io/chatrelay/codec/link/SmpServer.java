package io.chatrelay.codec.link;

import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.EncodeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An SMP server address: its hosts, optional port and key hash (simplexmq {@code SMPServer}).
 *
 * <p>Invariants: one to {@value #MAX_HOSTS} hosts, each a canonical host ({@link #parseHost}); port
 * absent or 1–65535; key hash at most 255 bytes (it may be empty only where SimpleX allows it, in
 * the shortened server of a short link). The key hash is copied in and out.
 *
 * <p>String forms: {@code smp://<keyhash>@<host>[,<host>…][:<port>]} with the key hash padded
 * base64url ({@link #printSmp}); the legacy form with only the first host ({@link
 * #printLegacySmp}); and, for our relay list extension, the same without the scheme ({@link
 * #printAddress}). Binary form ({@code smpEncode}): a counted list of hosts, each a 1-byte-length
 * string; the port as a 1-byte-length ASCII string (empty when absent); the key hash as a
 * 1-byte-length string.
 *
 * @param hosts the hosts, first preferred
 * @param port the TCP port, absent for the server's default
 * @param keyHash SHA-256 of the server's offline certificate (any length up to 255 is carried)
 */
public record SmpServer(List<String> hosts, OptionalInt port, byte[] keyHash) {
  /** Most hosts one server may list. */
  public static final int MAX_HOSTS = 16;

  /** Longest host name. */
  public static final int MAX_HOST_LENGTH = 255;

  /**
   * Hosts SimpleX adds to a preset server read from a version-1 queue URI ({@code
   * extraSMPServerHosts}, applied by {@code updateSMPServerHosts} to a single-host server).
   */
  static final Map<String, String> EXTRA_SMP_SERVER_HOSTS =
      Map.of(
          "smp4.simplex.im", "o5vmywmrnaxalvz6wi3zicyftgio6psuvyniis6gco6bp6ekl4cqj4id.onion",
          "smp5.simplex.im", "jjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion",
          "smp6.simplex.im", "bylepyau3ty4czmn77q4fglvperknl4bi2eb2fdy2bh4jxtf32kf73yd.onion",
          "smp8.simplex.im", "beccx4yfxxbvyhqypaavemqurytl6hozr47wfc7uuecacjqdvwpw2xid.onion",
          "smp9.simplex.im", "jssqzccmrcws6bhmn77vgmhfjmhwlyr3u7puw4erkyoosywgl67slqqd.onion",
          "smp10.simplex.im", "rb2pbttocvnbrngnwziclp2f4ckjq65kebafws6g4hy22cdaiv5dwjqd.onion");

  /**
   * @throws DecodeException INVALID_VALUE for a bad host or port, OVER_LIMIT for too many hosts or
   *     an over-long key hash, MISSING_FIELD for no host
   */
  public SmpServer {
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(keyHash, "keyHash");
    if (hosts.isEmpty()) {
      throw DecodeException.missing("server has no host");
    }
    if (hosts.size() > MAX_HOSTS) {
      throw DecodeException.overLimit(
          "server lists " + hosts.size() + " hosts, at most " + MAX_HOSTS);
    }
    for (String h : hosts) {
      if (!parseHost(h).equals(h)) {
        throw DecodeException.invalid("host is not canonical: " + h);
      }
    }
    hosts = List.copyOf(hosts);
    if (port.isPresent()) {
      checkPort(port.getAsInt());
    }
    if (keyHash.length > 255) {
      throw DecodeException.overLimit("key hash of " + keyHash.length + " bytes exceeds 255");
    }
    keyHash = keyHash.clone();
  }

  public static SmpServer of(List<String> hosts, int port, byte[] keyHash) {
    return new SmpServer(hosts, OptionalInt.of(port), keyHash);
  }

  @Override
  public byte[] keyHash() {
    return keyHash.clone();
  }

  /** Replaces the hosts, keeping port and key hash. */
  public SmpServer withHosts(List<String> newHosts) {
    return new SmpServer(newHosts, port, keyHash);
  }

  static int checkPort(long p) {
    if (p < 1 || p > 65535) {
      throw DecodeException.invalid("port " + p + " is outside 1-65535");
    }
    return (int) p;
  }

  /**
   * Parses a decimal port (digits only).
   *
   * @throws DecodeException INVALID_VALUE for a malformed port or one outside 1–65535
   */
  public static int parsePort(String s) {
    if (s.isEmpty() || s.length() > 10) {
      throw DecodeException.invalid("malformed port '" + s + "'");
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw DecodeException.invalid("malformed port '" + s + "'");
      }
      v = v * 10 + (c - '0');
    }
    return checkPort(v);
  }

  /**
   * Validates a host and returns its canonical form: a dotted IPv4 address (each part 0–255,
   * printed without leading zeros), an onion address ({@code [a-z0-9]+.onion}), or a domain name of
   * {@code A-Z a-z 0-9 . - _}. IPv6 literals are not supported.
   *
   * @throws DecodeException INVALID_VALUE for anything else, OVER_LIMIT above {@value
   *     #MAX_HOST_LENGTH} characters
   */
  public static String parseHost(String h) {
    if (h.isEmpty()) {
      throw DecodeException.invalid("empty host");
    }
    if (h.length() > MAX_HOST_LENGTH) {
      throw DecodeException.overLimit(
          "host of " + h.length() + " characters exceeds " + MAX_HOST_LENGTH);
    }
    String ipv4 = canonicalIpv4(h);
    if (ipv4 != null) {
      return ipv4;
    }
    if (h.endsWith(".onion")) {
      String name = h.substring(0, h.length() - ".onion".length());
      if (name.isEmpty() || !name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || isDigit(c))) {
        throw DecodeException.invalid("invalid onion host '" + h + "'");
      }
      return h;
    }
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || isDigit(c)
              || c == '.'
              || c == '-'
              || c == '_';
      if (!ok) {
        throw DecodeException.invalid(
            "invalid character '" + printable(c) + "' in host '" + printableString(h) + "'");
      }
    }
    return h;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static String canonicalIpv4(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(SmpServer::isDigit)) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        throw DecodeException.invalid("invalid IPv4 address '" + h + "'");
      }
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(v);
    }
    return sb.toString();
  }

  static String printable(char c) {
    return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }

  static String printableString(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      sb.append(printable(s.charAt(i)));
    }
    return s.length() > 80 ? sb + "…" : sb.toString();
  }

  /** Comma-separated hosts, as SimpleX's {@code strEncode} of {@code TransportHosts}. */
  public static List<String> parseHosts(String s) {
    List<String> out = new ArrayList<>();
    for (String h : s.split(",", -1)) {
      out.add(parseHost(h));
      if (out.size() > MAX_HOSTS) {
        throw DecodeException.overLimit("more than " + MAX_HOSTS + " hosts");
      }
    }
    return out;
  }

  private String portSuffix() {
    return port.isPresent() ? ":" + port.getAsInt() : "";
  }

  private String keyHashPadded() {
    if (keyHash.length == 0) {
      throw new EncodeException("an SMP server string needs a non-empty key hash");
    }
    return Base64Url.encodePadded(keyHash);
  }

  /** {@code smp://keyhash@host[,host…][:port]}. */
  public String printSmp() {
    return "smp://" + printAddress();
  }

  /** {@code smp://keyhash@firsthost[:port]}, SimpleX's {@code legacyStrEncodeServer}. */
  public String printLegacySmp() {
    return "smp://" + keyHashPadded() + "@" + hosts.get(0) + portSuffix();
  }

  /** {@code keyhash@host[,host…][:port]}, the server as written in our relay list extension. */
  public String printAddress() {
    return keyHashPadded() + "@" + String.join(",", hosts) + portSuffix();
  }

  /**
   * Parses {@code keyhash@host[,host…][:port]} (key hash padded base64url, non-empty).
   *
   * @throws DecodeException with the reason of the first defect
   */
  public static SmpServer parseAddress(String s) {
    int at = s.indexOf('@');
    if (at < 0) {
      throw DecodeException.missing("server address '" + printableString(s) + "' has no '@'");
    }
    byte[] keyHash = Base64Url.decode(s.substring(0, at), "server key hash");
    String rest = s.substring(at + 1);
    int colon = rest.indexOf(':');
    OptionalInt port = OptionalInt.empty();
    if (colon >= 0) {
      port = OptionalInt.of(parsePort(rest.substring(colon + 1)));
      rest = rest.substring(0, colon);
    }
    return new SmpServer(parseHosts(rest), port, keyHash);
  }

  /** The binary form ({@code smpEncode} of {@code ProtocolServer}). */
  public void encode(BinaryWriter w) {
    w.writeNonEmpty(hosts, (h, ww) -> ww.writeShortString(h));
    w.writeShortString(port.isPresent() ? Integer.toString(port.getAsInt()) : "");
    w.writeShortBytes(keyHash);
  }

  /**
   * Reads the binary form.
   *
   * @throws DecodeException TRUNCATED, OVER_LIMIT, INVALID_VALUE (bad host or port)
   */
  public static SmpServer decode(BinaryReader r) {
    List<String> hosts =
        r.readNonEmpty(
            rr -> parseHost(new String(rr.readShortBytes(), StandardCharsets.US_ASCII)), MAX_HOSTS);
    String portStr = new String(r.readShortBytes(), StandardCharsets.US_ASCII);
    OptionalInt port = portStr.isEmpty() ? OptionalInt.empty() : OptionalInt.of(parsePort(portStr));
    byte[] keyHash = r.readShortBytes();
    return new SmpServer(hosts, port, keyHash);
  }

  /** SimpleX's {@code updateSMPServerHosts}: adds the known onion host to a one-host preset. */
  SmpServer withExtraKnownHosts() {
    if (hosts.size() == 1 && EXTRA_SMP_SERVER_HOSTS.containsKey(hosts.get(0))) {
      return withHosts(List.of(hosts.get(0), EXTRA_SMP_SERVER_HOSTS.get(hosts.get(0))));
    }
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmpServer s
        && s.hosts.equals(hosts)
        && s.port.equals(port)
        && Arrays.equals(s.keyHash, keyHash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(hosts, port, Arrays.hashCode(keyHash));
  }

  @Override
  public String toString() {
    return "SmpServer[" + String.join(",", hosts) + portSuffix() + "]";
  }
}
