package io.chatrelay.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LinkInspectCommandTest {
  static final String ONION = "jjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion";
  static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY";
  static final String ID = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3";
  static final String DH = "MCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o=";
  static final String QUEUE =
      "smp://1234-w==@smp.simplex.im,"
          + ONION
          + ":5223/3456-w==#/?v=2-4&dh="
          + DH.replace("=", "%3D")
          + "&q=m&k=s";
  static final String X448 =
      "MEIwBQYDK2VvAzkAmKuSYeQ_m0SixPDS8Wq8VBaTS1cW-Lp0n0h4Diu-kUpR-qXx4SDJ32YGEFoGFGSbGPry5Ychr6U=";

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RelayCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  static JsonNode inspect(String link) throws Exception {
    Result r = run("link", "inspect", link);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().strip().lines().count()).isEqualTo(1);
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void queueUri() throws Exception {
    JsonNode j = inspect(QUEUE);
    assertThat(j.get("form").asText()).isEqualTo("queue");
    assertThat(j.has("type")).isFalse();
    assertThat(j.get("canonical").asText()).isEqualTo(QUEUE);
    JsonNode q = j.get("queue");
    assertThat(q.get("clientVersions").get("min").asInt()).isEqualTo(2);
    assertThat(q.get("clientVersions").get("max").asInt()).isEqualTo(4);
    assertThat(q.get("server").get("hosts").get(1).asText()).isEqualTo(ONION);
    assertThat(q.get("server").get("port").asInt()).isEqualTo(5223);
    assertThat(q.get("server").get("keyHash").asText()).isEqualTo("1234-w==");
    assertThat(q.get("senderId").asText()).isEqualTo("3456-w==");
    assertThat(q.get("dhKey").asText()).isEqualTo(DH);
    assertThat(q.get("queueMode").asText()).isEqualTo("messaging");
  }

  @Test
  void fullInvitationFromHttpsPrintsSimplexCanonical() throws Exception {
    String e2e =
        ("v=1&x3dh=" + X448 + "," + X448)
            .replace("=", "%3D")
            .replace("&", "%26")
            .replace(",", "%2C");
    String q = urlEncode(QUEUE);
    String link = "https://simplex.chat/invitation#/?v=2-7&smp=" + q + "&e2e=" + e2e;
    JsonNode j = inspect(link);
    assertThat(j.get("form").asText()).isEqualTo("full");
    assertThat(j.get("type").asText()).isEqualTo("invitation");
    assertThat(j.get("canonical").asText())
        .isEqualTo("simplex:/invitation#/?v=2-7&smp=" + q + "&e2e=" + e2e);
    assertThat(j.get("agentVersions").get("max").asInt()).isEqualTo(7);
    assertThat(j.get("queues").size()).isEqualTo(1);
    assertThat(j.get("e2e").get("keyAlgorithm").asText()).isEqualTo("X448");
    assertThat(j.get("e2e").get("key1").asText()).isEqualTo(X448);
  }

  @Test
  void contactAddressIsVersionAdjusted() throws Exception {
    JsonNode j = inspect("simplex:/contact#/?v=1&smp=" + urlEncode(QUEUE) + "&data=%7B%7D");
    assertThat(j.get("type").asText()).isEqualTo("contact");
    assertThat(j.get("agentVersions").get("min").asInt()).isEqualTo(2);
    assertThat(j.get("clientData").asText()).isEqualTo("{}");
    assertThat(j.has("e2e")).isFalse();
  }

  /**
   * simplexmq renders query strings with http-types {@code renderSimpleQuery False}, whose {@code
   * urlEncode True} writes a space as {@code %20} (only {@code A-Z a-z 0-9 - _ . ~} stay), and
   * parses with {@code parseSimpleQuery}, which reads {@code +} as a space: both inputs print the
   * form of simplexmq's {@code contactAddressClientData} vector
   * (tests/AgentTests/ConnectionRequestTests.hs).
   */
  @Test
  void aSpaceInClientDataPrintsAsSimplexRendersIt() throws Exception {
    String json = "{\"type\":\"group_link\", \"group_link_id\":\"abc\"}";
    String canonical =
        "simplex:/contact#/?v=2-7&smp="
            + urlEncode(QUEUE)
            + "&data=%7B%22type%22%3A%22group_link%22%2C%20%22group_link_id%22%3A%22abc%22%7D";
    String plus = canonical.replace("%20", "+");
    for (String input : new String[] {canonical, plus}) {
      JsonNode j = inspect(input);
      assertThat(j.get("clientData").asText()).isEqualTo(json);
      assertThat(j.get("canonical").asText()).isEqualTo(canonical);
    }
    Result raw = run("link", "inspect", canonical.replace("%20", " "));
    assertThat(raw.exit()).isEqualTo(2);
    assertThat(raw.err()).contains("TRAILING_DATA");
  }

  @Test
  void shortLinksOfEachType() throws Exception {
    JsonNode inv =
        inspect("https://smp.simplex.im/i#" + ID + "/" + KEY + "?h=" + ONION + "&p=5223&c=1234-w");
    assertThat(inv.get("form").asText()).isEqualTo("short");
    assertThat(inv.get("type").asText()).isEqualTo("invitation");
    assertThat(inv.get("scheme").asText()).isEqualTo("https");
    assertThat(inv.get("linkId").asText()).isEqualTo(ID);
    assertThat(inv.get("linkKey").asText()).isEqualTo(KEY);
    assertThat(inv.get("server").get("hosts").size()).isEqualTo(2);

    assertThat(inspect("simplex:/a#" + KEY + "?h=smp.simplex.im").get("type").asText())
        .isEqualTo("contact");

    JsonNode relay = inspect("https://relay.example.org/r#" + KEY + "?c=1234-w");
    assertThat(relay.get("type").asText()).isEqualTo("relay");
    assertThat(relay.has("legacyForm")).isFalse();
    assertThat(relay.has("linkId")).isFalse();

    // The legacy per-group form is still read (for one version) and printed as it was.
    String legacy = "https://relay.example.org/r#" + ID + "/" + KEY + "?c=1234-w";
    JsonNode perGroup = inspect(legacy);
    assertThat(perGroup.get("legacyForm").asBoolean()).isTrue();
    assertThat(perGroup.get("linkId").asText()).isEqualTo(ID);
    assertThat(perGroup.get("canonical").asText()).isEqualTo(legacy);

    String channel =
        "https://relay.example.org/c#"
            + KEY
            + "?c=1234-w&r=1234-w%3D%3D%40relay2.example.org%3A443";
    JsonNode ch = inspect(channel);
    assertThat(ch.get("type").asText()).isEqualTo("channel");
    assertThat(ch.get("canonical").asText()).isEqualTo(channel);
    assertThat(ch.get("additionalRelays").get(0).get("hosts").get(0).asText())
        .isEqualTo("relay2.example.org");
    assertThat(ch.get("additionalRelays").get(0).get("port").asInt()).isEqualTo(443);

    assertThat(inspect("simplex:/g#" + KEY + "?h=a.org").get("type").asText()).isEqualTo("group");
  }

  @Test
  void invalidLinkExitsTwoWithOneLineOnStderr() {
    for (String bad :
        new String[] {
          "https://smp.simplex.im/x#" + KEY,
          "smp://1234-w==@smp.simplex.im/3456-w==#/?v=3-2&dh=x",
          "https://smp.simplex.im/a#" + KEY + "?p=65536",
          "not a link"
        }) {
      Result r = run("link", "inspect", bad);
      assertThat(r.exit()).as(bad).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(run("link", "inspect", "https://smp.simplex.im/x#" + KEY).err())
        .contains("UNKNOWN_TYPE")
        .contains("unknown link type 'x'");
    assertThat(run("link", "inspect", "https://smp.simplex.im/a#" + KEY + "?p=65536").err())
        .contains("port 65536 is outside 1-65535");
  }

  static String urlEncode(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (Character.isLetterOrDigit(c) || "-_.~".indexOf(c) >= 0) {
        sb.append(c);
      } else {
        sb.append(String.format("%%%02X", (int) c));
      }
    }
    return sb.toString();
  }
}
