package io.chatrelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import io.chatrelay.server.config.LogLevel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class RelayServerCommandTest {

  @Test
  void logLevelOptionIsAcceptedInAnyCase() throws Exception {
    assertThat(parse(Map.of(), "--log-level", "debug").configuration().logLevel())
        .isEqualTo(LogLevel.DEBUG);
    assertThat(parse(Map.of(), "--log-level=ERROR").configuration().logLevel())
        .isEqualTo(LogLevel.ERROR);
    assertThat(parse(Map.of()).configuration().logLevel()).isEqualTo(LogLevel.INFO);
  }

  @Test
  void badLogLevelIsAUsageErrorWithExitCode2NamingTheValues() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RelayServerCommand(Map.of()));
    cli.setErr(new PrintWriter(err));
    // Parsing fails before call(): no relay starts.
    int exit = cli.execute("--log-level", "loud");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "Invalid value for option '--log-level': --log-level must be one of trace, debug,"
                + " info, warn, error; got 'loud'");
  }

  @Test
  void optionOverridesEnvironmentWhichOverridesTheConfigurationFile(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("relay.properties");
    Files.writeString(file, "log.level=error\n");
    String config = "--config=" + file;
    assertThat(parse(Map.of(), config).configuration().logLevel()).isEqualTo(LogLevel.ERROR);
    Map<String, String> env = Map.of("RELAY_LOG_LEVEL", "warn");
    assertThat(parse(env, config).configuration().logLevel()).isEqualTo(LogLevel.WARN);
    assertThat(parse(env, config, "--log-level", "trace").configuration().logLevel())
        .isEqualTo(LogLevel.TRACE);
  }

  @Test
  void badEnvironmentLevelNamesTheVariable() {
    assertThatThrownBy(() -> parse(Map.of("RELAY_LOG_LEVEL", "chatty")).configuration())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RELAY_LOG_LEVEL must be one of");
  }

  @Test
  void appliesTheLevelToTheRelaysLoggersOnly() {
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger relay = logback.getLogger("io.chatrelay");
    Level before = relay.getLevel();
    Level netty = logback.getLogger("io.netty").getEffectiveLevel();
    try {
      RelayServerCommand.applyLogLevel(LogLevel.DEBUG);
      assertThat(
              logback.getLogger("io.chatrelay.server.transport.WebSocketEndpoint").isDebugEnabled())
          .isTrue();
      assertThat(logback.getLogger("io.chatrelay.store.RelayStore").isDebugEnabled()).isTrue();
      assertThat(logback.getLogger("io.netty").getEffectiveLevel()).isEqualTo(netty);
      RelayServerCommand.applyLogLevel(LogLevel.ERROR);
      assertThat(logback.getLogger("io.chatrelay.server.RelayServer").isWarnEnabled()).isFalse();
    } finally {
      relay.setLevel(before);
    }
  }

  @Test
  void theShippedLogbackConfigurationParsesWithoutErrors() throws Exception {
    // Tests run with logback-test.xml; this reads the relay's own logback.xml into a fresh context.
    LoggerContext context = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(context);
    joran.doConfigure(RelayServerCommand.class.getResource("/logback.xml"));
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .filteredOn(s -> s.getLevel() >= Status.WARN)
        .isEmpty();
    assertThat(context.getLogger("io.chatrelay").getLevel()).isNotNull();
    context.stop();
  }

  private static RelayServerCommand parse(Map<String, String> env, String... args) {
    RelayServerCommand command = new RelayServerCommand(env);
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
