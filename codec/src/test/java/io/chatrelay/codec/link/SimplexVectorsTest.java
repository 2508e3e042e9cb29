package io.chatrelay.codec.link;

import static io.chatrelay.codec.link.SimplexVectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.version.VersionRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every exact string of simplexmq {@code tests/AgentTests/ConnectionRequestTests.hs}: {@code #==#}
 * is checked both ways (print equals the string, parse equals the value), {@code #==} one way
 * (parse), and {@code smpEncodingTest} as a binary round trip.
 */
class SimplexVectorsTest {

  /** The Haskell test's {@code url = urlEncode True}, written independently of QueryString. */
  static String url(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append(String.format("%%%02X", c));
      }
    }
    return sb.toString();
  }

  static void bothWays(Link value, String s) {
    assertThat(value.print()).isEqualTo(s);
    assertThat(Links.parse(s)).isEqualTo(value);
  }

  static void parses(Link value, String s) {
    assertThat(Links.parse(s)).isEqualTo(value);
  }

  static final String QUEUE_STR =
      "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4&dh="
          + url(DH_KEY_STR)
          + "&q=m&k=s"
          + "&srv="
          + ONION;
  static final String QUEUE_STR_NO_QM =
      "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4&dh=" + url(DH_KEY_STR) + "&srv=" + ONION;
  static final String QUEUE_STR_CONTACT =
      "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4&dh="
          + url(DH_KEY_STR)
          + "&q=c"
          + "&srv="
          + ONION;
  static final String QUEUE_1_STR =
      "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1-4&dh=" + url(DH_KEY_STR) + "&q=m&k=s";
  static final String QUEUE_NEW_STR =
      "smp://1234-w==@smp.simplex.im,"
          + ONION
          + ":5223/3456-w==#/?v=2-4&dh="
          + url(DH_KEY_STR)
          + "&q=m&k=s";
  static final String QUEUE_NEW_STR_RAW_KEY =
      "smp://1234-w==@smp.simplex.im,"
          + ONION
          + ":5223/3456-w==#/?v=2-4&dh="
          + DH_KEY_STR
          + "&q=m&k=s";
  static final String QUEUE_NEW_1_STR =
      "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=2-4&dh=" + url(DH_KEY_STR) + "&q=m&k=s";

  static final String E2E_STR =
      "v%3D1%26x3dh%3DMEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U%3D%2CMEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U%3D";

  // ---- QueueUris ----

  @Test
  void queueUrisSerializeAndParse() {
    bothWays(QUEUE, QUEUE_STR);
    parses(
        QUEUE,
        "smp://1234-w==@smp.simplex.im:5223/3456-w==#"
            + DH_KEY_STR
            + "/?v=1-4&extra_param=abc&srv="
            + ONION
            + "&q=m&k=s");
    bothWays(QUEUE_NO_QM, QUEUE_STR_NO_QM);
    bothWays(QUEUE_CONTACT, QUEUE_STR_CONTACT);
    bothWays(QUEUE_1, QUEUE_1_STR);
    bothWays(QUEUE_NEW, QUEUE_NEW_STR);
    parses(QUEUE_NEW, QUEUE_NEW_STR_RAW_KEY);
    bothWays(QUEUE_NEW_1, QUEUE_NEW_1_STR);
    bothWays(
        QUEUE_NEW_NO_PORT,
        "smp://1234-w==@smp.simplex.im,"
            + ONION
            + "/3456-w==#/?v=2-4&dh="
            + url(DH_KEY_STR)
            + "&q=m&k=s");
    bothWays(
        QUEUE_NEW_1_NO_PORT,
        "smp://1234-w==@smp.simplex.im/3456-w==#/?v=2-4&dh=" + url(DH_KEY_STR) + "&q=m&k=s");
    bothWays(
        QUEUE_V1,
        "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=1&dh="
            + url(DH_KEY_STR)
            + "&srv="
            + ONION);
    parses(QUEUE_V1, "smp://1234-w==@smp.simplex.im," + ONION + ":5223/3456-w==#" + DH_KEY_STR);
    parses(
        QUEUE_V1,
        "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?extra_param=abc&v=1&dh="
            + DH_KEY_STR
            + "&srv="
            + ONION);
    parses(
        QUEUE_V1,
        "smp://1234-w==@smp.simplex.im:5223/3456-w==#"
            + DH_KEY_STR
            + "/?v=1&extra_param=abc&srv="
            + ONION);
    bothWays(
        QUEUE_V1_NO_PORT,
        "smp://1234-w==@smp.simplex.im/3456-w==#/?v=1&dh=" + url(DH_KEY_STR) + "&srv=" + ONION);
    parses(
        QUEUE_V1_NO_PORT,
        "smp://1234-w==@smp.simplex.im/3456-w==#/?v=1-1&dh=" + url(DH_KEY_STR) + "&srv=" + ONION);
    parses(QUEUE_V1_NO_PORT, "smp://1234-w==@smp.simplex.im," + ONION + "/3456-w==#" + DH_KEY_STR);
  }

  @Test
  void versionOneUriGetsTheKnownOnionHostOfAPresetServer() {
    // updateSMPServerHosts, applied when the range's maximum is 1.
    SmpQueueUri q =
        (SmpQueueUri) Links.parse("smp://1234-w==@smp5.simplex.im/3456-w==#" + DH_KEY_STR);
    assertThat(q.server().hosts()).containsExactly("smp5.simplex.im", ONION);
    SmpQueueUri v2 =
        (SmpQueueUri)
            Links.parse("smp://1234-w==@smp5.simplex.im/3456-w==#/?v=1-2&dh=" + url(DH_KEY_STR));
    assertThat(v2.server().hosts()).containsExactly("smp5.simplex.im");
  }

  // ---- ConnectionRequests ----

  InvitationRequest inv(ConnReqData d) {
    return new InvitationRequest(d, E2E);
  }

  @Test
  void invitations() {
    InvitationRequest connectionRequest = inv(data(List.of(QUEUE)));
    bothWays(
        connectionRequest, "simplex:/invitation#/?v=2-7&smp=" + url(QUEUE_STR) + "&e2e=" + E2E_STR);
    parses(
        connectionRequest,
        "https://simplex.chat/invitation#/?v=2-7&smp=" + url(QUEUE_STR) + "&e2e=" + E2E_STR);
    bothWays(
        inv(data(List.of(QUEUE_NO_QM))),
        "simplex:/invitation#/?v=2-7&smp=" + url(QUEUE_STR_NO_QM) + "&e2e=" + E2E_STR);
    bothWays(
        inv(data(List.of(QUEUE_1))),
        "simplex:/invitation#/?v=2-7&smp=" + url(QUEUE_1_STR) + "&e2e=" + E2E_STR);
    bothWays(
        inv(data(List.of(QUEUE, QUEUE))),
        "simplex:/invitation#/?v=2-7&smp=" + url(QUEUE_STR + ";" + QUEUE_STR) + "&e2e=" + E2E_STR);
    bothWays(
        inv(data(List.of(QUEUE_NEW))),
        "simplex:/invitation#/?v=2-7&smp=" + url(QUEUE_NEW_STR) + "&e2e=" + E2E_STR);
    bothWays(
        inv(data(List.of(QUEUE_NEW_1))),
        "simplex:/invitation#/?v=2-7&smp=" + url(QUEUE_NEW_1_STR) + "&e2e=" + E2E_STR);
    bothWays(
        inv(data(List.of(QUEUE_NEW, QUEUE_NEW))),
        "simplex:/invitation#/?v=2-7&smp="
            + url(QUEUE_NEW_STR + ";" + QUEUE_NEW_STR)
            + "&e2e="
            + E2E_STR);
    // connectionRequestV1: invitations are not version-adjusted.
    parses(
        new InvitationRequest(
            new ConnReqData(VersionRange.of(1), List.of(QUEUE), Optional.empty()), E2E),
        "https://simplex.chat/invitation#/?v=1&smp=" + url(QUEUE_STR) + "&e2e=" + E2E_STR);
    bothWays(
        inv(new ConnReqData(AGENT, List.of(QUEUE), Optional.of("{}"))),
        "simplex:/invitation#/?v=2-7&smp="
            + url(QUEUE_STR)
            + "&e2e="
            + E2E_STR
            + "&data="
            + url("{}"));
  }

  @Test
  void e2eParamsStringIsTheHaskellVector() {
    assertThat(url(E2E.print())).isEqualTo(E2E_STR);
    assertThat(E2eRatchetParams.parse(E2E.print())).isEqualTo(E2E);
  }

  @Test
  void contactAddresses() {
    ContactRequest contactAddress = new ContactRequest(data(List.of(QUEUE)));
    bothWays(contactAddress, "simplex:/contact#/?v=2-7&smp=" + url(QUEUE_STR));
    parses(contactAddress, "https://simplex.chat/contact#/?v=2-7&smp=" + url(QUEUE_STR));
    bothWays(
        new ContactRequest(data(List.of(QUEUE, QUEUE))),
        "simplex:/contact#/?v=2-7&smp=" + url(QUEUE_STR + ";" + QUEUE_STR));
    bothWays(
        new ContactRequest(data(List.of(QUEUE_NEW))),
        "simplex:/contact#/?v=2-7&smp=" + url(QUEUE_NEW_STR));
    bothWays(
        new ContactRequest(data(List.of(QUEUE_NEW, QUEUE_NEW))),
        "simplex:/contact#/?v=2-7&smp=" + url(QUEUE_NEW_STR + ";" + QUEUE_NEW_STR));
    ContactRequest v2 =
        new ContactRequest(new ConnReqData(VersionRange.of(2), List.of(QUEUE), Optional.empty()));
    bothWays(v2, "simplex:/contact#/?v=2&smp=" + url(QUEUE_STR));
    parses(v2, "https://simplex.chat/contact#/?v=1&smp=" + url(QUEUE_STR)); // adjusted to v2
    parses(v2, "https://simplex.chat/contact#/?v=1-2&smp=" + url(QUEUE_STR)); // adjusted to v2
    parses(v2, "https://simplex.chat/contact#/?v=2-2&smp=" + url(QUEUE_STR));
    String json = "{\"type\":\"group_link\", \"group_link_id\":\"abc\"}";
    bothWays(
        new ContactRequest(new ConnReqData(AGENT, List.of(QUEUE), Optional.of(json))),
        "simplex:/contact#/?v=2-7&smp=" + url(QUEUE_STR) + "&data=" + url(json));
  }

  // ---- Binary ----

  void queueRoundTrip(SmpQueueUri q) {
    BinaryWriter w = new BinaryWriter();
    q.encode(w);
    assertThat(BinaryReader.decodeAll(w.toByteArray(), SmpQueueUri::decode)).isEqualTo(q);
  }

  ConnectionRequest reqRoundTrip(ConnectionRequest r) {
    BinaryWriter w = new BinaryWriter();
    r.encode(w);
    return BinaryReader.decodeAll(w.toByteArray(), ConnectionRequest::decode);
  }

  @Test
  void smpEncodingTests() {
    queueRoundTrip(QUEUE);
    queueRoundTrip(QUEUE_NO_QM);
    queueRoundTrip(QUEUE_1);
    queueRoundTrip(QUEUE_NEW);
    queueRoundTrip(QUEUE_NEW_1);
    queueRoundTrip(QUEUE_NEW_NO_PORT);
    queueRoundTrip(QUEUE_NEW_1_NO_PORT);
    queueRoundTrip(QUEUE_V1);
    queueRoundTrip(QUEUE_V1_NO_PORT);
    for (ConnectionRequest r :
        List.of(
            new InvitationRequest(data(List.of(QUEUE)), E2E),
            new ContactRequest(data(List.of(QUEUE_CONTACT))),
            new InvitationRequest(data(List.of(QUEUE_1)), E2E),
            new InvitationRequest(data(List.of(QUEUE, QUEUE)), E2E),
            new InvitationRequest(data(List.of(QUEUE_NEW)), E2E),
            new InvitationRequest(data(List.of(QUEUE_NEW_1)), E2E),
            new InvitationRequest(data(List.of(QUEUE_NEW, QUEUE_NEW)), E2E),
            new InvitationRequest(new ConnReqData(AGENT, List.of(QUEUE), Optional.of("{}")), E2E),
            new ContactRequest(data(List.of(QUEUE))),
            new ContactRequest(data(List.of(QUEUE, QUEUE))),
            new ContactRequest(data(List.of(QUEUE_NEW))),
            new ContactRequest(data(List.of(QUEUE_NEW, QUEUE_NEW))),
            new ContactRequest(
                new ConnReqData(VersionRange.of(2), List.of(QUEUE), Optional.empty())),
            new ContactRequest(
                new ConnReqData(
                    AGENT,
                    List.of(QUEUE),
                    Optional.of("{\"type\":\"group_link\", \"group_link_id\":\"abc\"}"))))) {
      assertThat(reqRoundTrip(r)).isEqualTo(r);
    }
  }

  /**
   * simplexmq {@code instance Encoding (E2ERatchetParamsUri s a)}: {@code smpEncode (vr, k1, k2,
   * kem_)}, the KEM Maybe written whatever the range (src/Simplex/Messaging/Crypto/Ratchet.hs at
   * 92598c2ddb06cfc2c19797a2c900cffcb8af4d5c). The bytes of {@code testE2ERatchetParams} (v=1),
   * built by hand.
   */
  @Test
  void e2eParamsBinaryWritesTheKemMaybeAtVersionOne() {
    byte[] der = X448_KEY.der();
    BinaryWriter expected =
        new BinaryWriter()
            .writeWord16(1) // min version
            .writeWord16(1) // max version
            .writeByte(68) // key 1: DER length
            .writeRaw(der)
            .writeByte(68) // key 2: DER length
            .writeRaw(der)
            .writeByte('0'); // kem_: Nothing
    BinaryWriter w = new BinaryWriter();
    E2E.encode(w);
    assertThat(w.toByteArray()).isEqualTo(expected.toByteArray()).hasSize(4 + 2 * 69 + 1);
    assertThat(BinaryReader.decodeAll(w.toByteArray(), E2eRatchetParams::decode)).isEqualTo(E2E);
  }

  @Test
  void e2eParamsBinaryWithoutTheKemMaybeIsTruncated() {
    byte[] der = X448_KEY.der();
    byte[] oldForm =
        new BinaryWriter()
            .writeWord16(1)
            .writeWord16(1)
            .writeByte(68)
            .writeRaw(der)
            .writeByte(68)
            .writeRaw(der)
            .toByteArray();
    assertThatThrownBy(() -> BinaryReader.decodeAll(oldForm, E2eRatchetParams::decode))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.TRUNCATED));
  }

  @Test
  void lossyCasesAreLossyAsInSimplex() {
    // "smpEncodingTest queueContact -- this fails until SMP client min version is >= 3":
    // with range 1-4 the contact mode is not written, so it decodes as absent.
    BinaryWriter w = new BinaryWriter();
    QUEUE_CONTACT.encode(w);
    assertThat(BinaryReader.decodeAll(w.toByteArray(), SmpQueueUri::decode)).isEqualTo(QUEUE_NO_QM);
    // "smpEncodingTest connectionRequestNoQM -- this fails, because of queue mode patch":
    // a queue without a mode decodes in a connection request as a contact queue.
    ConnectionRequest noQm = new InvitationRequest(data(List.of(QUEUE_NO_QM)), E2E);
    assertThat(reqRoundTrip(noQm))
        .isEqualTo(new InvitationRequest(data(List.of(QUEUE_CONTACT)), E2E));
  }

  // ---- ShortLinks ----

  @Test
  void shortLinksSerializeAndParse() {
    String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY";
    String id = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3";
    bothWays(
        new ContactShortLink(ShortLinkScheme.HTTPS, SRV, LINK_KEY),
        "https://smp.simplex.im/a#" + key + "?h=" + ONION + "&p=5223&c=1234-w");
    bothWays(
        new GroupShortLink(ShortLinkScheme.HTTPS, LinkType.GROUP, SRV, LINK_KEY, List.of()),
        "https://smp.simplex.im/g#" + key + "?h=" + ONION + "&p=5223&c=1234-w");
    bothWays(
        new ContactShortLink(ShortLinkScheme.HTTPS, SHORT_SRV, LINK_KEY),
        "https://smp.simplex.im/a#" + key);
    bothWays(
        new InvitationShortLink(ShortLinkScheme.HTTPS, SRV, LINK_ID, LINK_KEY),
        "https://smp.simplex.im/i#" + id + "/" + key + "?h=" + ONION + "&p=5223&c=1234-w");
    bothWays(
        new InvitationShortLink(ShortLinkScheme.HTTPS, SHORT_SRV, LINK_ID, LINK_KEY),
        "https://smp.simplex.im/i#" + id + "/" + key);
    bothWays(
        new ContactShortLink(ShortLinkScheme.SIMPLEX, SRV, LINK_KEY),
        "simplex:/a#" + key + "?h=smp.simplex.im%2C" + ONION + "&p=5223&c=1234-w");
    bothWays(
        new GroupShortLink(ShortLinkScheme.SIMPLEX, LinkType.GROUP, SRV, LINK_KEY, List.of()),
        "simplex:/g#" + key + "?h=smp.simplex.im%2C" + ONION + "&p=5223&c=1234-w");
    bothWays(
        new ContactShortLink(ShortLinkScheme.SIMPLEX, SHORT_SRV, LINK_KEY),
        "simplex:/a#" + key + "?h=smp.simplex.im");
    bothWays(
        new InvitationShortLink(ShortLinkScheme.SIMPLEX, SRV, LINK_ID, LINK_KEY),
        "simplex:/i#" + id + "/" + key + "?h=smp.simplex.im%2C" + ONION + "&p=5223&c=1234-w");
    bothWays(
        new InvitationShortLink(ShortLinkScheme.SIMPLEX, SHORT_SRV, LINK_ID, LINK_KEY),
        "simplex:/i#" + id + "/" + key + "?h=smp.simplex.im");
  }
}
