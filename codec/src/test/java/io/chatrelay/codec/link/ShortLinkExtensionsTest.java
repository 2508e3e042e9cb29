package io.chatrelay.codec.link;

import static io.chatrelay.codec.link.SimplexVectors.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.encoding.QueryString;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Our two documented short-link extensions. */
class ShortLinkExtensionsTest {
  static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY";
  static final String ID = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3";

  static final SmpServer RELAY2 = SmpServer.of(List.of("relay2.example.org"), 443, KEY_HASH);
  static final SmpServer RELAY3 =
      new SmpServer(List.of("relay3.example.org", ONION), OptionalInt.empty(), KEY_HASH);

  @Test
  void relayLinkAndTheLegacyPerGroupForm() {
    RelayShortLink server =
        new RelayShortLink(ShortLinkScheme.HTTPS, SRV, Optional.empty(), LINK_KEY);
    assertThat(server.print())
        .isEqualTo("https://smp.simplex.im/r#" + KEY + "?h=" + ONION + "&p=5223&c=1234-w");
    assertThat(Links.parse(server.print())).isEqualTo(server);
    assertThat(server.isLegacy()).isFalse();

    RelayShortLink perGroup =
        new RelayShortLink(ShortLinkScheme.SIMPLEX, SRV, Optional.of(LINK_ID), LINK_KEY);
    assertThat(perGroup.print())
        .isEqualTo(
            "simplex:/r#" + ID + "/" + KEY + "?h=smp.simplex.im%2C" + ONION + "&p=5223&c=1234-w");
    RelayShortLink parsed = (RelayShortLink) Links.parse(perGroup.print());
    assertThat(parsed).isEqualTo(perGroup);
    assertThat(parsed.isLegacy()).isTrue();
    assertThat(parsed).isNotEqualTo(server);
  }

  @Test
  void groupLinkWithAdditionalRelays() {
    GroupShortLink link =
        new GroupShortLink(
            ShortLinkScheme.HTTPS, LinkType.CHANNEL, SRV, LINK_KEY, List.of(RELAY2, RELAY3));
    String expected =
        "https://smp.simplex.im/c#"
            + KEY
            + "?h="
            + ONION
            + "&p=5223&c=1234-w"
            + "&r=1234-w%3D%3D%40relay2.example.org%3A443%3B1234-w%3D%3D%40relay3.example.org%2C"
            + ONION;
    assertThat(link.print()).isEqualTo(expected);
    assertThat(Links.parse(expected)).isEqualTo(link);
    // the decoded value of r, as written in docs/protocol.md
    assertThat(
            QueryString.first(
                QueryString.parse(expected.substring(expected.indexOf('?') + 1)), "r"))
        .contains("1234-w==@relay2.example.org:443;1234-w==@relay3.example.org," + ONION);
    assertThat(link.allRelays()).containsExactly(SRV, RELAY2, RELAY3);
  }

  @Test
  void withoutTheRelayParameterTheFirstRelayIsWhatRemains() {
    // What a SimpleX client reads: it looks up h, p and c by name and ignores r, so it sees the
    // same first relay as a link without r.
    GroupShortLink link =
        new GroupShortLink(ShortLinkScheme.SIMPLEX, LinkType.GROUP, SRV, LINK_KEY, List.of(RELAY2));
    String s = link.print();
    String withoutR = s.substring(0, s.indexOf("&r="));
    GroupShortLink simplexView = (GroupShortLink) Links.parse(withoutR);
    assertThat(simplexView.server()).isEqualTo(link.server());
    assertThat(simplexView.linkKey()).isEqualTo(link.linkKey());
    assertThat(simplexView.extraRelays()).isEmpty();
    // SimpleX's own vector for this group link is a prefix of ours
    assertThat(s)
        .startsWith("simplex:/g#" + KEY + "?h=smp.simplex.im%2C" + ONION + "&p=5223&c=1234-w");
  }

  @Test
  void relayParameterIsIgnoredOnOtherTypes() {
    String s = "https://smp.simplex.im/a#" + KEY + "?r=1234-w%3D%3D%40relay2.example.org";
    assertThat(Links.parse(s))
        .isEqualTo(new ContactShortLink(ShortLinkScheme.HTTPS, SHORT_SRV, LINK_KEY));
  }

  @Test
  void typeLettersAreCaseInsensitiveForContactTypesAsInSimplex() {
    assertThat(Links.parse("https://smp.simplex.im/G#" + KEY))
        .isEqualTo(
            new GroupShortLink(
                ShortLinkScheme.HTTPS, LinkType.GROUP, SHORT_SRV, LINK_KEY, List.of()));
  }
}
