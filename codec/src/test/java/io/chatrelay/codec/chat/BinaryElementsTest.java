package io.chatrelay.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.EncodeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Binary batches, signed and forwarded elements, the signature binding and the top-level dispatch,
 * byte for byte. Layouts from simplex-chat {@code src/Simplex/Chat/Protocol.hs} at
 * 00da7de105c87193cd323e714fa5a109a801268e ({@code elementP}, {@code SignedMsg}, {@code
 * GrpMsgForward}) and {@code docs/protocol/channels-protocol.md} at
 * 0ae4d4ddb9808a146e771125d1aa6d9ff64467e9 (binding prefix); simplex-chat has no byte vectors for
 * them, so these are this codec's, annotated field by field.
 */
class BinaryElementsTest {
  static final HexFormat HEX = HexFormat.of();
  static final byte[] OK =
      "{\"v\":\"1\",\"event\":\"x.ok\",\"params\":{}}".getBytes(StandardCharsets.UTF_8);
  static final Ed25519KeyPair KEY = Ed25519KeyPair.fromSeed(new byte[32]);
  static final byte[] GROUP_ID = new byte[32];
  static final byte[] MEMBER_ID = {1, 2, 3, 4};

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  static byte[] h(String hex) {
    return HEX.parseHex(hex.replace(" ", ""));
  }

  static DecodeException.Reason reason(byte[] body) {
    try {
      ChatMessages.parse(body);
    } catch (DecodeException e) {
      return e.reason();
    }
    throw new AssertionError("parsed");
  }

  @Test
  void bindingPrefixIsTagThenLengthPrefixedIds() {
    byte[] data = ChatSigning.groupBindingData(GROUP_ID, MEMBER_ID);
    assertThat(ChatSigning.signedBytes(ChatBinding.GROUP, data, OK))
        .isEqualTo(
            cat(
                h("47"), // 'G'
                h("20"),
                GROUP_ID, // publicGroupId: length 32, bytes
                h("04 01020304"), // memberId: length 4, bytes
                OK)); // the JSON body
    assertThat(
            ChatSigning.signedBytes(
                ChatBinding.CHANNEL, ChatSigning.channelBindingData(GROUP_ID), OK))
        .isEqualTo(cat(h("43 20"), GROUP_ID, OK));
  }

  @Test
  void signedElementBothWays() {
    SignedElement s =
        ChatSigning.sign(
            KEY, ChatBinding.GROUP, ChatSigning.groupBindingData(GROUP_ID, MEMBER_ID), OK);
    byte[] sig = s.signatures().get(0).signature().toByteArray();
    byte[] expected =
        cat(
            h("2f"), // '/'
            h("47"), // binding 'G'
            h("01"), // one signature
            h("4d 40"),
            sig, // key ref 'M', 64-byte signature as a ByteString
            OK); // the exact signed bytes
    assertThat(s.encode()).isEqualTo(expected);
    assertThat(BatchElement.decode(expected)).isEqualTo(s);
    assertThat(
            ChatSigning.verify(
                s,
                ChatBinding.GROUP,
                ChatSigning.groupBindingData(GROUP_ID, MEMBER_ID),
                KEY.publicKey()))
        .isTrue();
    // another member, another group, another binding, another key: no
    assertThat(
            ChatSigning.verify(
                s,
                ChatBinding.GROUP,
                ChatSigning.groupBindingData(GROUP_ID, new byte[] {9}),
                KEY.publicKey()))
        .isFalse();
    assertThat(
            ChatSigning.verify(
                s,
                ChatBinding.GROUP,
                ChatSigning.groupBindingData(new byte[32 - 1], MEMBER_ID),
                KEY.publicKey()))
        .isFalse();
    assertThat(
            ChatSigning.verify(
                s, ChatBinding.CHANNEL, ChatSigning.channelBindingData(GROUP_ID), KEY.publicKey()))
        .isFalse();
    Ed25519KeyPair other =
        Ed25519KeyPair.fromSeed(
            new byte[] {
              1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
              0, 0, 0
            });
    assertThat(
            ChatSigning.verify(
                s,
                ChatBinding.GROUP,
                ChatSigning.groupBindingData(GROUP_ID, MEMBER_ID),
                other.publicKey()))
        .isFalse();
    byte[] flipped = expected.clone();
    flipped[10] ^= 1;
    SignedElement bad = (SignedElement) BatchElement.decode(flipped);
    assertThat(
            ChatSigning.verify(
                bad,
                ChatBinding.GROUP,
                ChatSigning.groupBindingData(GROUP_ID, MEMBER_ID),
                KEY.publicKey()))
        .isFalse();
    assertThat(s.message().event().tag()).isEqualTo("x.ok");
    assertThat(s.toString()).doesNotContain(HEX.formatHex(sig));
  }

  @Test
  void forwardAndBatchBothWays() {
    ForwardElement f =
        new ForwardElement(
            new GroupForward(
                new ForwardSender.Member(Bytes.of(MEMBER_ID), "al"), Instant.ofEpochSecond(258)),
            new PlainElement(Bytes.of(OK)));
    byte[] fwd =
        cat(
            h("3e"), // '>'
            h("4d 04 01020304 02 616c"), // 'M', memberId, memberName "al"
            h("0000000000000102"), // brokerTs: Int64 seconds
            OK); // the inner element, verbatim
    assertThat(f.encode()).isEqualTo(fwd);
    BinaryBatch batch =
        new BinaryBatch(
            List.of(
                f, new PlainElement(Bytes.of(OK)), new FileElement(Bytes.of(new byte[] {0, 7}))));
    byte[] expected =
        cat(
            h("3d 03"), // '=', 3 elements
            h(String.format("%04x", fwd.length)),
            fwd,
            h(String.format("%04x", OK.length)),
            OK,
            h("0003 46 0007")); // file element 'F' + bytes
    assertThat(batch.encode()).isEqualTo(expected);
    assertThat(BinaryBatch.decode(expected)).isEqualTo(batch);
    assertThat(ChatMessages.parse(expected)).isEqualTo(batch.elements());
    ForwardElement channel =
        new ForwardElement(
            new GroupForward(new ForwardSender.Channel(), Instant.EPOCH),
            new PlainElement(Bytes.of(OK)));
    assertThat(channel.encode()).isEqualTo(cat(h("3e 43 0000000000000000"), OK));
    assertThat(BatchElement.decode(channel.encode())).isEqualTo(channel);
  }

  @Test
  void dispatchOnTheFirstByte() {
    assertThat(ChatMessages.parse(OK)).containsExactly(new PlainElement(Bytes.of(OK)));
    byte[] arr =
        ("["
                + new String(OK, StandardCharsets.UTF_8)
                + ","
                + new String(OK, StandardCharsets.UTF_8)
                + "]")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(ChatMessages.parse(arr))
        .containsExactly(new PlainElement(Bytes.of(OK)), new PlainElement(Bytes.of(OK)));
    byte[] x =
        ChatCompression.compressBatch(
            List.of(OK, new BinaryBatch(List.of(new PlainElement(Bytes.of(OK)))).encode()));
    assertThat(x).startsWith(cat(h("58 02 30"), h(String.format("%02x", OK.length))));
    assertThat(ChatMessages.parse(x))
        .containsExactly(new PlainElement(Bytes.of(OK)), new PlainElement(Bytes.of(OK)));
  }

  @Test
  void negativeCases() {
    byte[] one = new BinaryBatch(List.of(new PlainElement(Bytes.of(OK)))).encode();
    assertThat(reason(new byte[0])).isEqualTo(DecodeException.Reason.TRUNCATED);
    assertThat(reason(Arrays.copyOf(one, one.length - 1)))
        .isEqualTo(DecodeException.Reason.TRUNCATED);
    assertThat(reason(cat(one, h("00")))).isEqualTo(DecodeException.Reason.TRAILING_DATA);
    assertThat(reason(h("3d 00"))).isEqualTo(DecodeException.Reason.INVALID_VALUE);
    assertThat(reason(h("3d 01 ffff 7b"))).isEqualTo(DecodeException.Reason.TRUNCATED);
    assertThat(reason(h("3d 01 0000"))).isEqualTo(DecodeException.Reason.TRUNCATED);
    assertThat(reason(h("3d 02 0001 7b"))).isEqualTo(DecodeException.Reason.TRUNCATED);
    assertThat(reason(h("3d 01 0001 53"))).isEqualTo(DecodeException.Reason.UNKNOWN_TYPE); // 'S'
    assertThat(reason(h("23"))).isEqualTo(DecodeException.Reason.UNKNOWN_TYPE);
    assertThat(reason(cat(h("2f 5a 01 4d 40"), new byte[64], OK)))
        .isEqualTo(DecodeException.Reason.UNKNOWN_TYPE); // binding 'Z'
    assertThat(reason(cat(h("2f 47 00"), OK)))
        .isEqualTo(DecodeException.Reason.INVALID_VALUE); // no signatures
    assertThat(reason(cat(h("2f 47 01 4d 3f"), new byte[63], OK)))
        .isEqualTo(DecodeException.Reason.INVALID_VALUE); // 63-byte sig
    assertThat(reason(cat(h("2f 47 01 4b 40"), new byte[64], OK)))
        .isEqualTo(DecodeException.Reason.UNKNOWN_TYPE); // key ref 'K'
    assertThat(reason(cat(h("2f 47 01 4d 40"), new byte[64])))
        .isEqualTo(DecodeException.Reason.TRUNCATED); // no body
    byte[] fwd = cat(h("3e 43 0000000000000000"));
    assertThat(reason(cat(fwd, fwd, OK)))
        .isEqualTo(DecodeException.Reason.INVALID_VALUE); // nested forward
    assertThat(reason(cat(h("3e 51 0000000000000000"), OK)))
        .isEqualTo(DecodeException.Reason.UNKNOWN_TYPE); // sender 'Q'
    assertThat(reason(h("3e 43 00000000"))).isEqualTo(DecodeException.Reason.TRUNCATED);
    assertThat(reason(h("3e 4d 02 0102 02 ffff 0000000000000000 7b7d")))
        .isEqualTo(DecodeException.Reason.BAD_ENCODING); // name not UTF-8
    assertThatThrownBy(
            () ->
                new ForwardElement(
                    new GroupForward(new ForwardSender.Channel(), Instant.EPOCH),
                    new ForwardElement(
                        new GroupForward(new ForwardSender.Channel(), Instant.EPOCH),
                        new PlainElement(Bytes.of(OK)))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ForwardSender.Member(Bytes.of(MEMBER_ID), "é".repeat(128)))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new BinaryBatch(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] huge = new byte[70000];
    huge[0] = '{';
    assertThatThrownBy(() -> new PlainElement(Bytes.of(huge))).isInstanceOf(DecodeException.class);
    assertThat(new BinaryBatch(List.of(new FileElement(Bytes.of(new byte[65534])))).encode())
        .hasSize(2 + 2 + 65535);
    assertThatThrownBy(() -> new FileElement(Bytes.of(new byte[65535])))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(
            () -> new io.chatrelay.codec.encoding.BinaryWriter().writeLarge(new byte[65536]))
        .isInstanceOf(EncodeException.class);
    assertThatThrownBy(
            () -> new GroupForward(new ForwardSender.Channel(), Instant.ofEpochSecond(1, 5)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
