package io.chatrelay.codec.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.testing.Seeded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random and mutated link strings: the parser returns a link or throws {@link DecodeException},
 * never anything else, and whatever it accepts prints to a string it parses back to the same link.
 * {@code -Pfuzz} runs many more cases with a fresh seed.
 */
@ExtendWith(Seeded.class)
class LinkFuzzTest {
  private static final String ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=~.:/?#&%@,;+!*'()[] \u00e9\u0000";

  @Test
  void mutatedAndRandomLinksOnlyFailWithDecodeException(Random random) {
    LinkGen gen = new LinkGen(random);
    List<String> valid = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      valid.add(gen.queue().print());
      valid.add(gen.connectionRequest().print());
      valid.add(gen.shortLink().print());
    }
    int accepted = 0;
    int refused = 0;
    int n = Seeded.iterations(10_000);
    for (int i = 0; i < n; i++) {
      String input =
          random.nextInt(10) == 0
              ? randomString(random, random.nextInt(200))
              : mutate(random, valid.get(random.nextInt(valid.size())));
      try {
        Link link = Links.parse(input);
        String printed = link.print();
        assertThat(Links.parse(printed)).as(input).isEqualTo(link);
        accepted++;
      } catch (DecodeException e) {
        assertThat(e.reason()).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        refused++;
      }
    }
    assertThat(accepted + refused).isEqualTo(n);
    assertThat(refused).isPositive();
    assertThat(accepted).isPositive();
  }

  static String mutate(Random random, String s) {
    StringBuilder sb = new StringBuilder(s);
    for (int k = 1 + random.nextInt(3); k > 0 && sb.length() > 0; k--) {
      int at = random.nextInt(sb.length());
      switch (random.nextInt(4)) {
        case 0 -> sb.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 1 -> sb.deleteCharAt(at);
        case 2 -> sb.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        default -> sb.setLength(at);
      }
    }
    return sb.toString();
  }

  static String randomString(Random random, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
