package io.chatrelay.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's handling of bad input, without relays. */
class RelayCliTest {
  static final String RELAY =
      "https://127.0.0.1/r#jj2WaVsvQx4NQtHx43PCVU2CKz4fM3DqP9Tf-mCX60s?p=5311&c=LmX93WxoGHkXaTXBoOlQ-VxZDKdiBPkCxaCSGE3mqSo";
  static final String CONTACT =
      "simplex:/a#MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY?h=smp.simplex.im";

  @TempDir Path home;

  record Result(int exit, String out, String err) {}

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = RelayCli.commandLine(new RelayCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return new Result(cli.execute(all), out.toString(), err.toString());
  }

  Result fails(int exit, String... args) {
    Result r = run(args);
    assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
    assertThat(r.err().lines().count()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("relay-cli: ").doesNotContain("\tat ");
    return r;
  }

  @Test
  void aRelayAddressIsNeverTreatedAsAContact() {
    for (String cmd : new String[] {"join", "read"}) {
      Result r = fails(2, cmd, RELAY);
      assertThat(r.err())
          .contains("this is a chat relay, not a contact")
          .contains("relay-cli relays add " + RELAY);
    }
    assertThat(fails(2, "channel", "adopt", RELAY).err()).contains("relays add");
    // And relays add takes it.
    assertThat(run("relays", "add", RELAY).out()).isEqualTo("added relay 127.0.0.1:5311\n");
  }

  @Test
  void otherLinksAndNamesAreRefusedWithOneLine() {
    assertThat(fails(2, "join", CONTACT).err()).contains("not a channel or group link");
    assertThat(fails(2, "join", "https://x/c#bad").err()).contains("invalid link");
    assertThat(fails(2, "relays", "add", CONTACT).err()).contains("not a chat relay address");
    assertThat(fails(2, "read", "nothing").err()).contains("no channel or group named 'nothing'");
    assertThat(fails(2, "post", "nothing", "hi").err()).contains("no channel or group named");
    assertThat(fails(2, "channel", "create", "News").err()).contains("--relay");
    assertThat(fails(2, "channel", "owners", "add", "News", "!!").err())
        .contains("invalid owner key");
    assertThat(fails(2, "--socks-proxy", "nohost", "read", "x").err()).contains("HOST:PORT");
    assertThat(fails(2, "read").err()).contains("Missing required parameter");
    assertThat(
            fails(2, "demo-tamper-proxy", "--listen", "1", "--to", "x:1", "--mode", "nope").err())
        .contains("--mode must be post, linkdata or none");
  }

  @Test
  void aKeyStartingWithADashIsAnArgumentNotAnOption() {
    String key = "-" + "A".repeat(42);
    assertThat(fails(2, "channel", "owners", "add", "News", key).err())
        .contains("no channel or group named 'News'");
    assertThat(fails(2, "channel", "certify", "News", key).err())
        .contains("no channel or group named 'News'");
  }

  @Test
  void readEscapesLineBreaksSoEachPostIsOneLine() {
    assertThat(ReadCommand.escape("a\nb\r\tc")).isEqualTo("a\\nb\\r\\u0009c");
    assertThat(ReadCommand.escape("plain text ✓")).isEqualTo("plain text ✓");
  }

  @Test
  void qrCodesAreDrawnWithBlocks() {
    String qr = Args.qr("https://example.org/c#abc");
    assertThat(qr).contains("\u2588\u2588");
    assertThat(qr.lines().count()).isGreaterThan(20);
  }
}
