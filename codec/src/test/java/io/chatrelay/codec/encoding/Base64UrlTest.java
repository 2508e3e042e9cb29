package io.chatrelay.codec.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(Seeded.class)
class Base64UrlTest {

  @Test
  void rfc4648VectorsPaddedAndUnpadded() {
    String[][] v = {
      {"f", "Zg==", "Zg"},
      {"fo", "Zm8=", "Zm8"},
      {"foo", "Zm9v", "Zm9v"},
      {"foob", "Zm9vYg==", "Zm9vYg"},
      {"fooba", "Zm9vYmE=", "Zm9vYmE"},
      {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
    };
    for (String[] row : v) {
      byte[] b = row[0].getBytes(StandardCharsets.US_ASCII);
      assertThat(Base64Url.encodePadded(b)).isEqualTo(row[1]);
      assertThat(Base64Url.encodeUnpadded(b)).isEqualTo(row[2]);
      assertThat(Base64Url.decode(row[1], "x")).isEqualTo(b);
      assertThat(Base64Url.decode(row[2], "x")).isEqualTo(b);
    }
  }

  @Test
  void simplexKeyHashVector() {
    // ConnectionRequestTests.hs: KeyHash "\215m\248\251" is written 1234-w== (padded) and
    // 1234-w (unpadded, in short links).
    byte[] kh = {(byte) 215, 'm', (byte) 248, (byte) 251};
    assertThat(Base64Url.encodePadded(kh)).isEqualTo("1234-w==");
    assertThat(Base64Url.encodeUnpadded(kh)).isEqualTo("1234-w");
    assertThat(Base64Url.decode("1234-w==", "kh")).isEqualTo(kh);
    assertThat(Base64Url.decode("1234-w", "kh")).isEqualTo(kh);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "=", "A", "AB=", "ABC==", "AB===", "1234-w=", "12+4", "12/4", "ab$d", "Zh==", "Zm9=",
        "é"
      })
  void badInputIsBadEncoding(String s) {
    assertThatThrownBy(() -> Base64Url.decode(s, "field"))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DecodeException.Reason.BAD_ENCODING);
              assertThat(e.getMessage()).startsWith("field: ");
            });
  }

  @Test
  void roundTripsAgreeWithJdkEncoder(Random rnd) {
    Base64.Encoder jdkPadded = Base64.getUrlEncoder();
    Base64.Encoder jdkUnpadded = Base64.getUrlEncoder().withoutPadding();
    int n = Seeded.iterations(5000);
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[1 + rnd.nextInt(80)];
      rnd.nextBytes(b);
      String p = Base64Url.encodePadded(b);
      String u = Base64Url.encodeUnpadded(b);
      assertThat(p).isEqualTo(jdkPadded.encodeToString(b));
      assertThat(u).isEqualTo(jdkUnpadded.encodeToString(b));
      assertThat(Base64Url.decode(p, "p")).isEqualTo(b);
      assertThat(Base64Url.decode(u, "u")).isEqualTo(b);
    }
  }
}
