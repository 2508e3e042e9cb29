package io.chatrelay.codec.link;

import static io.chatrelay.codec.link.SimplexVectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.DecodeException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input fails with a typed DecodeException of the right reason. */
class LinkNegativeTest {
  static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY";
  static final String ID = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3";
  static final String DH = SimplexVectorsTest.url(DH_KEY_STR);
  static final String Q = "smp://1234-w==@smp.simplex.im:5223/3456-w==#/?v=2-4&dh=" + DH;

  static List<Arguments> badStrings() {
    String x448 = X448_KEY.print();
    return List.of(
        // not a link / unknown type
        Arguments.of("ftp://x", Reason.UNKNOWN_TYPE),
        Arguments.of("", Reason.UNKNOWN_TYPE),
        Arguments.of("https://smp.simplex.im/x#" + KEY, Reason.UNKNOWN_TYPE),
        Arguments.of("simplex:/z#" + KEY + "?h=smp.simplex.im", Reason.UNKNOWN_TYPE),
        Arguments.of("https://smp.simplex.im/ab#" + KEY, Reason.UNKNOWN_TYPE),
        Arguments.of("simplex:/contacts#/?v=2&smp=x", Reason.UNKNOWN_TYPE),
        // bad base64
        Arguments.of("https://smp.simplex.im/a#" + KEY.substring(1), Reason.BAD_ENCODING),
        Arguments.of("https://smp.simplex.im/a#" + KEY + "$", Reason.BAD_ENCODING),
        Arguments.of("https://smp.simplex.im/a#" + KEY + "?c=12*4", Reason.BAD_ENCODING),
        Arguments.of("smp://1234-w=@smp.simplex.im/3456-w==#/?v=2&dh=" + DH, Reason.BAD_ENCODING),
        Arguments.of("smp://1234-w==@smp.simplex.im/34!6#/?v=2&dh=" + DH, Reason.BAD_ENCODING),
        // wrong lengths
        Arguments.of("https://smp.simplex.im/a#" + ID, Reason.INVALID_VALUE),
        Arguments.of("https://smp.simplex.im/i#" + KEY + "/" + KEY, Reason.INVALID_VALUE),
        Arguments.of("https://smp.simplex.im/a#" + ID + "/" + KEY, Reason.INVALID_VALUE),
        // inverted version range
        Arguments.of(
            "smp://1234-w==@smp.simplex.im/3456-w==#/?v=3-2&dh=" + DH, Reason.INVALID_VALUE),
        Arguments.of(
            "simplex:/contact#/?v=3-2&smp=" + SimplexVectorsTest.url(Q), Reason.INVALID_VALUE),
        // bad keys: X448 where X25519 is needed, broken header, X25519 in e2e
        Arguments.of(
            "smp://1234-w==@smp.simplex.im/3456-w==#/?v=2&dh=" + SimplexVectorsTest.url(x448),
            Reason.BAD_KEY),
        Arguments.of(
            "smp://1234-w==@smp.simplex.im/3456-w==#/?v=2&dh="
                + "MCowBQYDK2VwAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o%3D",
            Reason.BAD_KEY),
        Arguments.of(
            "simplex:/invitation#/?v=2-7&smp="
                + SimplexVectorsTest.url(Q)
                + "&e2e="
                + SimplexVectorsTest.url("v=2&x3dh=" + DH_KEY_STR + "," + DH_KEY_STR),
            Reason.BAD_KEY),
        Arguments.of(
            "simplex:/invitation#/?v=2-7&smp="
                + SimplexVectorsTest.url(Q)
                + "&e2e="
                + SimplexVectorsTest.url("v=2&x3dh=" + x448 + "," + DH_KEY_STR),
            Reason.BAD_KEY),
        // ports
        Arguments.of("https://smp.simplex.im/a#" + KEY + "?p=0", Reason.INVALID_VALUE),
        Arguments.of("https://smp.simplex.im/a#" + KEY + "?p=65536", Reason.INVALID_VALUE),
        Arguments.of(
            "smp://1234-w==@smp.simplex.im:0/3456-w==#/?v=2&dh=" + DH, Reason.INVALID_VALUE),
        Arguments.of(
            "smp://1234-w==@smp.simplex.im:65536/3456-w==#/?v=2&dh=" + DH, Reason.INVALID_VALUE),
        Arguments.of("https://smp.simplex.im/a#" + KEY + "?p=-1", Reason.INVALID_VALUE),
        // over-long fields
        Arguments.of("https://" + "a".repeat(256) + "/a#" + KEY, Reason.OVER_LIMIT),
        Arguments.of(
            "smp://1234-w==@smp.simplex.im/" + "A".repeat(344) + "#/?v=2&dh=" + DH,
            Reason.OVER_LIMIT),
        Arguments.of("https://x.org/a#" + "A".repeat(70_000), Reason.OVER_LIMIT),
        Arguments.of(
            "smp://1234-w==@smp.simplex.im/3456-w==#/?v=2-65536&dh=" + DH, Reason.OVER_LIMIT),
        // missing required parameters
        Arguments.of("smp://1234-w==@smp.simplex.im/3456-w==#/?dh=" + DH, Reason.MISSING_FIELD),
        Arguments.of("smp://1234-w==@smp.simplex.im/3456-w==#/?v=2", Reason.MISSING_FIELD),
        Arguments.of("simplex:/contact#/?v=2", Reason.MISSING_FIELD),
        Arguments.of(
            "simplex:/invitation#/?v=2&smp=" + SimplexVectorsTest.url(Q), Reason.MISSING_FIELD),
        Arguments.of("simplex:/a#" + KEY, Reason.MISSING_FIELD),
        Arguments.of("https://smp.simplex.im/i#" + KEY, Reason.MISSING_FIELD),
        // trailing garbage
        Arguments.of(Q + " trailing", Reason.TRAILING_DATA),
        Arguments.of("https://smp.simplex.im/a#" + KEY + "?h=x.org\n", Reason.TRAILING_DATA),
        Arguments.of(
            "smp://1234-w==@smp.simplex.im/3456-w==#" + DH_KEY_STR + "xyz!", Reason.TRAILING_DATA),
        // truncated
        Arguments.of("smp://1234-w==@smp.simplex.im", Reason.TRUNCATED),
        Arguments.of("smp://1234-w==@smp.simplex.im/3456-w==", Reason.TRUNCATED),
        Arguments.of("https://smp.simplex.im/a", Reason.TRUNCATED),
        Arguments.of("https://smp.simplex.im", Reason.TRUNCATED),
        // hosts
        Arguments.of("https://smp.simplex.im/a#" + KEY + "?h=bad%20host", Reason.INVALID_VALUE),
        Arguments.of("https://smp.simplex.im/a#" + KEY + "?h=UPPER.onion", Reason.INVALID_VALUE),
        Arguments.of("https://smp.simplex.im:443/a#" + KEY, Reason.INVALID_VALUE),
        Arguments.of("https://1.2.3.256/a#" + KEY, Reason.INVALID_VALUE),
        // our relay list: entries need a key hash
        Arguments.of("https://smp.simplex.im/g#" + KEY + "?r=relay.org", Reason.MISSING_FIELD));
  }

  @ParameterizedTest
  @MethodSource("badStrings")
  void badLinkStringsFailWithTheirReason(String link, Reason reason) {
    assertThatThrownBy(() -> Links.parse(link))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> {
              assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.getMessage()).isNotBlank();
            });
  }

  static byte[] encode(ConnectionRequest r) {
    BinaryWriter w = new BinaryWriter();
    r.encode(w);
    return w.toByteArray();
  }

  static Reason binaryReason(byte[] bytes) {
    try {
      BinaryReader.decodeAll(bytes, ConnectionRequest::decode);
    } catch (DecodeException e) {
      return e.reason();
    }
    throw new AssertionError("decoded without error");
  }

  @Test
  void everyTruncationOfABinaryRequestFails() {
    byte[] full = encode(new InvitationRequest(data(List.of(QUEUE_NEW, QUEUE)), E2E));
    for (int n = 0; n < full.length; n++) {
      byte[] cut = Arrays.copyOf(full, n);
      Reason r = binaryReason(cut);
      assertThat(r)
          .as("prefix of %d bytes", n)
          .isIn(Reason.TRUNCATED, Reason.INVALID_VALUE, Reason.BAD_KEY);
    }
  }

  @Test
  void trailingBytesAfterABinaryRequestFail() {
    byte[] full = encode(new ContactRequest(data(List.of(QUEUE_NEW))));
    byte[] longer = Arrays.copyOf(full, full.length + 1);
    assertThat(binaryReason(longer)).isEqualTo(Reason.TRAILING_DATA);
  }

  @Test
  void binaryDefects() {
    byte[] full = encode(new ContactRequest(data(List.of(QUEUE_NEW))));
    // unknown mode letter
    byte[] mode = full.clone();
    mode[0] = 'X';
    assertThat(binaryReason(mode)).isEqualTo(Reason.UNKNOWN_TYPE);
    // inverted agent version range: 'C' 00 02 00 07 -> 00 08 00 07
    byte[] inverted = full.clone();
    inverted[2] = 8;
    assertThat(binaryReason(inverted)).isEqualTo(Reason.INVALID_VALUE);
    // zero queues
    byte[] none = full.clone();
    none[5] = 0;
    assertThat(binaryReason(none)).isIn(Reason.INVALID_VALUE, Reason.TRAILING_DATA);
  }

  @Test
  void overLongBinaryListsAreRefusedBeforeReading() {
    // 'C', agent range 2-7, then a queue count of 17 (at most 16)
    byte[] tooManyQueues = {'C', 0, 2, 0, 7, 17};
    assertThat(binaryReason(tooManyQueues)).isEqualTo(Reason.OVER_LIMIT);
    // a server with 17 hosts
    BinaryWriter w = new BinaryWriter();
    w.writeByte(17);
    assertThatThrownBy(() -> SmpServer.decode(new BinaryReader(w.toByteArray())))
        .isInstanceOfSatisfying(
            DecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OVER_LIMIT));
    // client data longer than what its Word16 length says is left
    byte[] full =
        encode(new ContactRequest(new ConnReqData(AGENT, List.of(QUEUE_NEW), Optional.of("{}"))));
    byte[] lying = full.clone();
    lying[lying.length - 3] = (byte) 0xFF; // high byte of the Large length of "{}"
    assertThat(binaryReason(lying)).isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void binaryQueueWithBadPortOrKeyFails() {
    SmpServer s = SmpServer.of(List.of("a.org"), 5223, KEY_HASH);
    BinaryWriter w = new BinaryWriter();
    new io.chatrelay.codec.version.VersionRange(2, 4).encode(w);
    w.writeByte(1).writeShortString("a.org").writeShortString("0").writeShortBytes(KEY_HASH);
    assertThatThrownBy(() -> BinaryReader.decodeAll(w.toByteArray(), SmpQueueUri::decode))
        .isInstanceOfSatisfying(
            DecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE));
    BinaryWriter w2 = new BinaryWriter();
    new io.chatrelay.codec.version.VersionRange(2, 4).encode(w2);
    s.encode(w2);
    w2.writeShortBytes(SENDER_ID).writeShortBytes(new byte[44]);
    assertThatThrownBy(() -> BinaryReader.decodeAll(w2.toByteArray(), SmpQueueUri::decode))
        .isInstanceOfSatisfying(
            DecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_KEY));
  }

  @Test
  void constructorsRefuseInvalidValues() {
    assertThatThrownBy(() -> SmpServer.of(List.of("a.org"), 0, KEY_HASH))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> SmpServer.of(List.of("a.org"), 65536, KEY_HASH))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new ContactShortLink(ShortLinkScheme.HTTPS, SRV, new byte[31]))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(
            () ->
                new GroupShortLink(
                    ShortLinkScheme.HTTPS, LinkType.CONTACT, SRV, LINK_KEY, List.of()))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(
            () -> new SmpQueueUri(SMP_CLIENT, SRV, new byte[256], DH_KEY, Optional.empty()))
        .isInstanceOfSatisfying(
            DecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OVER_LIMIT));
  }

  @Test
  void toStringPrintsNoKeys() {
    String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY";
    ShortLink l = (ShortLink) Links.parse("https://smp.simplex.im/i#" + ID + "/" + key);
    assertThat(l.toString()).doesNotContain(key).doesNotContain(ID).doesNotContain("[B@");
    String q = QUEUE.toString() + new InvitationRequest(data(List.of(QUEUE)), E2E);
    assertThat(q).doesNotContain("3456-w").doesNotContain("MCow").doesNotContain("[B@");
  }
}
