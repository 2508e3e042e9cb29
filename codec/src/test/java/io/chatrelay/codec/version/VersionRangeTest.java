package io.chatrelay.codec.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.testing.Seeded;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(Seeded.class)
class VersionRangeTest {

  @Test
  void stringFormAsSimplex() {
    assertThat(new VersionRange(1, 4).print()).isEqualTo("1-4");
    assertThat(VersionRange.of(2).print()).isEqualTo("2");
    assertThat(VersionRange.parse("1-1")).isEqualTo(VersionRange.of(1));
    assertThat(VersionRange.parse("2-7")).isEqualTo(new VersionRange(2, 7));
    assertThat(VersionRange.parse("65535")).isEqualTo(VersionRange.of(65535));
  }

  @ParameterizedTest
  @CsvSource({
    "3-2, INVALID_VALUE",
    "'', INVALID_VALUE",
    "-1, INVALID_VALUE",
    "1-, INVALID_VALUE",
    "1-2-3, INVALID_VALUE",
    "a, INVALID_VALUE",
    "65536, OVER_LIMIT",
    "1-99999999999999999, INVALID_VALUE"
  })
  void badStrings(String s, DecodeException.Reason reason) {
    assertThatThrownBy(() -> VersionRange.parse(s))
        .isInstanceOfSatisfying(
            DecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void binaryIsTwoBigEndianWord16() {
    BinaryWriter w = new BinaryWriter();
    new VersionRange(2, 0x0107).encode(w);
    assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo("00020107");
    assertThatThrownBy(
            () -> VersionRange.decode(new BinaryReader(HexFormat.of().parseHex("00030002"))))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.INVALID_VALUE));
    assertThatThrownBy(() -> VersionRange.decode(new BinaryReader(new byte[3])))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.TRUNCATED));
  }

  @Test
  void roundTrips(Random rnd) {
    int n = Seeded.iterations(3000);
    for (int i = 0; i < n; i++) {
      int a = rnd.nextInt(65536);
      int b = rnd.nextInt(65536);
      VersionRange vr = new VersionRange(Math.min(a, b), Math.max(a, b));
      assertThat(VersionRange.parse(vr.print())).isEqualTo(vr);
      BinaryWriter w = new BinaryWriter();
      vr.encode(w);
      assertThat(BinaryReader.decodeAll(w.toByteArray(), VersionRange::decode)).isEqualTo(vr);
    }
  }
}
