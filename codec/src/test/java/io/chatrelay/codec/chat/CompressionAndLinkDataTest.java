package io.chatrelay.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import io.chatrelay.codec.encoding.DecodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * simplexmq compression (passthrough at most 180 bytes, zstd level 3 above) and the group short
 * link's user data (JSON, {@code 'X'} + zstd above 10240 bytes), from simplexmq {@code
 * Compression.hs} at 92598c2ddb06cfc2c19797a2c900cffcb8af4d5c and simplex-chat {@code
 * encodeShortLinkData} / {@code decodeLinkUserData} ({@code Library/Internal.hs}).
 */
class CompressionAndLinkDataTest {

  static DecodeException.Reason reason(Runnable r) {
    try {
      r.run();
    } catch (DecodeException e) {
      return e.reason();
    }
    throw new AssertionError("no exception");
  }

  @Test
  void passthroughUpTo180Bytes() {
    byte[] b180 = new byte[180];
    assertThat(ChatCompression.compressItem(b180)).startsWith((byte) '0', (byte) 180).hasSize(182);
    byte[] b181 = new byte[181];
    byte[] item = ChatCompression.compressItem(b181);
    assertThat(item[0]).isEqualTo((byte) '1');
    byte[] frame = Arrays.copyOfRange(item, 3, item.length);
    assertThat(((item[1] & 0xFF) << 8) | (item[2] & 0xFF)).isEqualTo(frame.length);
    assertThat(Zstd.getFrameContentSize(frame)).isEqualTo(181);
    assertThat(
            ChatCompression.decompressBatch(
                Arrays.copyOfRange(
                    ChatCompression.compressBatch(List.of(b181, b180)),
                    1,
                    3 + item.length + 182 - 1)))
        .satisfiesExactly(x -> assertThat(x).isEqualTo(b181), x -> assertThat(x).isEqualTo(b180));
  }

  @Test
  void decompressionIsBoundedBeforeAllocating() throws IOException {
    byte[] big = Zstd.compress(new byte[ChatCompression.MAX_DECOMPRESSED + 1], 3);
    assertThat(reason(() -> ChatCompression.decompressFrame(big, ChatCompression.MAX_DECOMPRESSED)))
        .isEqualTo(DecodeException.Reason.OVER_LIMIT);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(bos)) {
      z.write(new byte[100]);
    }
    byte[] noSize = bos.toByteArray();
    assertThat(Zstd.getFrameContentSize(noSize)).isNegative();
    assertThat(reason(() -> ChatCompression.decompressFrame(noSize, 65536)))
        .isEqualTo(DecodeException.Reason.OVER_LIMIT);
    assertThat(reason(() -> ChatCompression.decompressFrame(new byte[] {1, 2, 3}, 65536)))
        .isIn(DecodeException.Reason.OVER_LIMIT, DecodeException.Reason.BAD_ENCODING);
    byte[] ok = Zstd.compress(new byte[1000], 3);
    byte[] cut = Arrays.copyOf(ok, ok.length - 2);
    assertThat(reason(() -> ChatCompression.decompressFrame(cut, 65536)))
        .isEqualTo(DecodeException.Reason.BAD_ENCODING);
    // 'X' with a declared-oversize frame inside a message body
    byte[] body = new byte[4 + big.length];
    body[0] = 'X';
    body[1] = 1;
    body[2] = '1';
    assertThat(big.length).isLessThan(0xFFFF);
    byte[] withLen = new byte[body.length + 1];
    System.arraycopy(
        new byte[] {'X', 1, '1', (byte) (big.length >>> 8), (byte) big.length}, 0, withLen, 0, 5);
    System.arraycopy(big, 0, withLen, 5, big.length);
    assertThat(reason(() -> ChatMessages.parse(Arrays.copyOf(withLen, 5 + big.length))))
        .isEqualTo(DecodeException.Reason.OVER_LIMIT);
    assertThat(reason(() -> ChatMessages.parse(new byte[] {'X', 0})))
        .isEqualTo(DecodeException.Reason.INVALID_VALUE);
    assertThat(reason(() -> ChatMessages.parse(new byte[] {'X', 1, '2', 0})))
        .isEqualTo(DecodeException.Reason.INVALID_VALUE);
    assertThat(reason(() -> ChatMessages.parse(new byte[] {'X', 1, '0', 1, 'X'})))
        .isEqualTo(DecodeException.Reason.INVALID_VALUE);
  }

  @Test
  void linkDataIsJsonThenCompressedAbove10240() {
    GroupShortLinkData d = new GroupShortLinkData(GroupProfile.of("team", "Team"), Optional.of(5L));
    assertThat(new String(d.encode(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"groupProfile\":{\"displayName\":\"team\",\"fullName\":\"Team\"},\"publicGroupData\":{\"publicMemberCount\":5}}");
    assertThat(GroupShortLinkData.decode(d.encode())).isEqualTo(d);
    GroupShortLinkData noCount =
        new GroupShortLinkData(GroupProfile.of("team", ""), Optional.empty());
    assertThat(new String(noCount.encode(), StandardCharsets.UTF_8))
        .isEqualTo("{\"groupProfile\":{\"displayName\":\"team\",\"fullName\":\"\"}}");

    // the JSON without the description is 62 bytes; pad it to exactly 10240 and 10241
    String base =
        "{\"groupProfile\":{\"displayName\":\"t\",\"fullName\":\"\",\"description\":\"\"}}";
    String at = "a".repeat(10240 - base.length());
    GroupShortLinkData atLimit = withDescription(at);
    assertThat(atLimit.encode()).hasSize(10240).startsWith((byte) '{');
    GroupShortLinkData over = withDescription(at + "a");
    byte[] enc = over.encode();
    assertThat(enc[0]).isEqualTo((byte) 'X');
    assertThat(Zstd.getFrameContentSize(Arrays.copyOfRange(enc, 1, enc.length))).isEqualTo(10241);
    assertThat(GroupShortLinkData.decode(enc)).isEqualTo(over);
    assertThat(reason(() -> GroupShortLinkData.decode(new byte[0])))
        .isEqualTo(DecodeException.Reason.TRUNCATED);
    assertThat(reason(() -> GroupShortLinkData.decode("{}".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(DecodeException.Reason.MISSING_FIELD);
    assertThat(
            reason(
                () ->
                    GroupShortLinkData.decode(
                        "{\"groupProfile\":{\"displayName\":\"t\",\"fullName\":\"\"},\"publicGroupData\":{\"publicMemberCount\":1.5}}"
                            .getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(DecodeException.Reason.INVALID_VALUE);
    byte[] bomb = Zstd.compress(new byte[200_000], 3);
    byte[] x = new byte[bomb.length + 1];
    x[0] = 'X';
    System.arraycopy(bomb, 0, x, 1, bomb.length);
    assertThat(reason(() -> GroupShortLinkData.decode(x)))
        .isEqualTo(DecodeException.Reason.OVER_LIMIT);
    assertThatThrownBy(
            () ->
                new GroupShortLinkData(
                    GroupProfile.of("t", ""),
                    Optional.empty(),
                    JsonValue.parse("{\"a\":1}"),
                    JsonValue.parse("{}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static GroupShortLinkData withDescription(String s) {
    GroupProfile p = GroupProfile.of("t", "");
    p =
        new GroupProfile(
            p.displayName(),
            p.fullName(),
            p.shortDescr(),
            Optional.of(s),
            p.image(),
            p.groupPreferences(),
            p.memberAdmission(),
            p.publicGroup(),
            p.extra());
    return new GroupShortLinkData(p, Optional.empty());
  }
}
