package io.chatrelay.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RelayConfigTest {
  /** A key line of the example, set ({@code key=v}) or showing its default ({@code #key=v}). */
  private static final Pattern KEY_LINE = Pattern.compile("^#?([a-z][a-z-]*(?:\\.[a-z-]+)+)=(.*)$");

  @Test
  void logLevelKeyIsReadInAnyCaseAndDefaultsToInfo() throws Exception {
    assertThat(RelayConfig.fromProperties(props("")).logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(RelayConfig.fromProperties(props("log.level=Debug")).logLevel())
        .isEqualTo(LogLevel.DEBUG);
    assertThat(RelayConfig.fromProperties(props("log.level= warn ")).logLevel())
        .isEqualTo(LogLevel.WARN);
  }

  @Test
  void perGroupRatesDefaultToAShareOfEachCoreAndAreOverridden() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    Limits defaults = RelayConfig.fromProperties(props("")).limits();
    assertThat(defaults.joinsPerSecondPerGroup()).isEqualTo(100 * cores);
    assertThat(defaults.postsPerSecondPerGroup()).isEqualTo(50 * cores);
    Limits set =
        RelayConfig.fromProperties(
                props(
                    "limits.joins-per-second-per-group=5000\n"
                        + "limits.posts-per-second-per-group=7"))
            .limits();
    assertThat(set.joinsPerSecondPerGroup()).isEqualTo(5000);
    assertThat(set.postsPerSecondPerGroup()).isEqualTo(7);
  }

  @Test
  void badLogLevelNamesTheKeyAndTheAcceptedValues() {
    assertThatThrownBy(() -> RelayConfig.fromProperties(props("log.level=verbose")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log.level must be one of trace, debug, info, warn, error; got 'verbose'");
  }

  @Test
  void unknownKeysAreListedSoAMisspeltKeyIsNotSilentlyIgnored() throws Exception {
    Properties p = props("relay.port=1\nlimits.max-conections=5\nrelay.hostname=x\n");
    assertThat(RelayConfig.unknownKeys(p))
        .containsExactly("limits.max-conections", "relay.hostname");
  }

  @Test
  void everyKnownKeyIsRead() throws Exception {
    // A value no default has (a NUL): each key in KEYS either refuses it or changes the result.
    for (String key : RelayConfig.KEYS) {
      Properties one = new Properties();
      one.setProperty(key, "\0");
      RelayConfig parsed;
      try {
        parsed = RelayConfig.fromProperties(one);
      } catch (IllegalArgumentException e) {
        continue; // a parsed key refuses the value: it is read
      }
      assertThat(parsed).as(key + " is in KEYS but changes nothing").isNotEqualTo(defaults());
    }
  }

  @Test
  void theSystemdExampleUsesOnlyKnownKeysAndShowsEveryOne() throws Exception {
    Properties example = new Properties();
    for (String line :
        Files.readAllLines(Path.of("..", "deploy", "systemd", "relay.properties.example"))) {
      Matcher m = KEY_LINE.matcher(line.strip());
      if (m.matches()) {
        example.setProperty(m.group(1), m.group(2));
      }
    }
    assertThat(RelayConfig.unknownKeys(example)).isEmpty();
    assertThat(example.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(RelayConfig.KEYS);
    // Every value shown parses (defaults and examples alike).
    RelayConfig parsed = RelayConfig.fromProperties(example);
    assertThat(parsed.publicHosts()).containsExactly("relay.example.org");
  }

  @Test
  void operationsGuideDescribesEveryKey() throws Exception {
    String guide = Files.readString(Path.of("..", "docs", "operations.md"));
    for (String key : RelayConfig.KEYS) {
      assertThat(guide).as(key).contains("`" + key + "`");
    }
  }

  private static RelayConfig defaults() {
    return RelayConfig.fromProperties(new Properties());
  }

  private static Properties props(String text) throws Exception {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }
}
