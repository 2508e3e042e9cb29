package io.chatrelay.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.cli.RelayCli;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs relay-cli in this JVM, as one user with their own home, and captures its output. */
final class Cli {
  private final Path home;

  Cli(Path home) {
    this.home = home;
  }

  record Result(int exit, String out, String err) {
    /** The stdout lines. */
    List<String> lines() {
      return out.isEmpty() ? List.of() : out.lines().toList();
    }

    /** The one value after {@code prefix} on a line of stdout (e.g. {@code "link: "}). */
    String value(String prefix) {
      Matcher m =
          Pattern.compile("^" + Pattern.quote(prefix) + "(\\S+)$", Pattern.MULTILINE).matcher(out);
      assertThat(m.find()).as("'" + prefix + "' in:\n" + out + err).isTrue();
      return m.group(1);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  Result run(String... args) {
    return runWithInput("", args);
  }

  Result runWithInput(String input, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = RelayCli.commandLine(new RelayCli().withInput(new StringReader(input)));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--plain"));
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  /** Runs and requires exit 0 and an empty stderr. */
  Result ok(String... args) {
    Result r = run(args);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err()).as(r.toString()).isEmpty();
    return r;
  }

  /** Runs and requires a non-zero exit with exactly one line on stderr. */
  Result fails(String... args) {
    Result r = run(args);
    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(r.err().lines().count()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).doesNotContain("\tat ");
    return r;
  }

  /** The text of each post line printed by {@code read}: what follows the time and author. */
  static List<String> texts(Result r) {
    List<String> out = new ArrayList<>();
    Pattern p = Pattern.compile("^\\S+ (owner|member):\\S+( \\((certified|unverified)\\))? (.*)$");
    for (String line : r.lines()) {
      Matcher m = p.matcher(line);
      assertThat(m.matches()).as("post line: " + line).isTrue();
      out.add(m.group(4));
    }
    return out;
  }
}
