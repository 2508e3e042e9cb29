package io.chatrelay.codec.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.encoding.QueryString.Param;
import io.chatrelay.codec.testing.Seeded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeded.class)
class QueryStringTest {

  @Test
  void urlEncodeIsHttpTypesUrlEncodeTrue() {
    // Only A-Z a-z 0-9 - _ . ~ are kept; the rest is %XX with upper-case hex.
    assertThat(QueryString.urlEncode("AZaz09-_.~")).isEqualTo("AZaz09-_.~");
    // Space is %20 (http-types never writes '+'), and '+' itself is escaped.
    assertThat(QueryString.urlEncode("a b+c")).isEqualTo("a%20b%2Bc");
    assertThat(QueryString.urlEncode("=&;,/:@?#%")).isEqualTo("%3D%26%3B%2C%2F%3A%40%3F%23%25");
    assertThat(QueryString.urlEncode("{\"a\":1}")).isEqualTo("%7B%22a%22%3A1%7D");
    // UTF-8 bytes, each escaped.
    assertThat(QueryString.urlEncode("é")).isEqualTo("%C3%A9");
  }

  @Test
  void renderEscapesNamesAndValues() {
    assertThat(QueryString.render(List.of(new Param("v", "1-4"), new Param("dh", "ab=="))))
        .isEqualTo("v=1-4&dh=ab%3D%3D");
    assertThat(
            QueryString.renderRawValues(List.of(new Param("v", "1"), new Param("x3dh", "a=,b="))))
        .isEqualTo("v=1&x3dh=a=,b=");
    assertThat(QueryString.render(List.of())).isEmpty();
  }

  @Test
  void parseIsHttpTypesParseSimpleQuery() {
    // '&' and ';' both separate pairs; '+' is a space; a pair without '=' has an empty value.
    assertThat(QueryString.parse("?a=1;b=x+y&c&d=%41%3d"))
        .containsExactly(
            new Param("a", "1"), new Param("b", "x y"), new Param("c", ""), new Param("d", "A="));
    // A malformed escape is kept as it is.
    assertThat(QueryString.parse("a=%Q1%4")).containsExactly(new Param("a", "%Q1%4"));
    // The value is everything after the first '='.
    assertThat(QueryString.parse("a=b=c")).containsExactly(new Param("a", "b=c"));
  }

  @Test
  void firstParameterOfANameWinsAndOthersAreIgnored() {
    List<Param> q = QueryString.parse("x=0&v=1&v=2&extra_param=abc");
    assertThat(QueryString.first(q, "v")).contains("1");
    assertThat(QueryString.first(q, "w")).isEmpty();
    assertThatThrownBy(() -> QueryString.required(q, "w", "test"))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.MISSING_FIELD));
  }

  @Test
  void spaceOrNewlineIsTrailingData() {
    assertThatThrownBy(() -> QueryString.parse("a=1 b"))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.TRAILING_DATA));
    assertThatThrownBy(() -> QueryString.parse("a=1\n")).isInstanceOf(DecodeException.class);
  }

  @Test
  void renderThenParseRoundTrips(Random rnd) {
    int n = Seeded.iterations(3000);
    for (int i = 0; i < n; i++) {
      List<Param> params = new ArrayList<>();
      int k = 1 + rnd.nextInt(5);
      for (int j = 0; j < k; j++) {
        params.add(
            new Param(randomText(rnd, 1 + rnd.nextInt(6)), randomText(rnd, rnd.nextInt(20))));
      }
      String rendered = QueryString.render(params);
      for (char c : rendered.toCharArray()) {
        assertThat(QueryString.isUnreserved(c) || c == '%' || c == '=' || c == '&')
            .as("unexpected %s in %s", c, rendered)
            .isTrue();
      }
      assertThat(QueryString.parse(rendered)).isEqualTo(params);
    }
  }

  private static String randomText(Random rnd, int len) {
    String alphabet = "abcXYZ019-_.~ +=&;%,/:@?#\"{}é€";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
