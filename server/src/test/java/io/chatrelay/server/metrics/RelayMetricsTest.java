package io.chatrelay.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelayMetricsTest {
  /**
   * Gauges of state held by the join pipeline or the endpoint, and counters tagged by the values of
   * the component that counts them: registered when that component starts (HttpEndpointsIT checks a
   * started relay's).
   */
  private static final Set<String> BY_THEIR_COMPONENT =
      Set.of(
          RelayMetrics.JOINS_PENDING,
          RelayMetrics.JOINS_PARKED,
          RelayMetrics.JOINS_INTAKE_WAITING,
          RelayMetrics.REQUESTS_IN_PROGRESS,
          RelayMetrics.CONNECTIONS_REFUSED,
          RelayMetrics.INVITATIONS,
          RelayMetrics.JOINS_REJECTED);

  @Test
  void everyMeterWithTagsKnownInAdvanceIsExportedFromTheStart() throws Exception {
    String scrape = new RelayMetrics().scrape();
    for (String name : names()) {
      if (BY_THEIR_COMPONENT.contains(name)) {
        continue;
      }
      assertThat(scrape).as(name).contains("# TYPE " + prometheus(name));
    }
    assertThat(scrape)
        .contains("relay_joins_queued_total{held=\"no\"} 0.0")
        .contains("relay_store_latency_seconds_count{operation=\"post_append\"} 0")
        .contains("relay_joins_latency_seconds_count{stage=\"admitted\"} 0");
  }

  @Test
  void countersTaggedByTheProtocolsOrTheirOwnValuesStartAtZeroForEachValue() {
    String scrape = new RelayMetrics().scrape();
    assertThat(scrape)
        .contains("relay_protocol_errors_total{code=\"MALFORMED\"} 0.0")
        .contains("relay_protocol_errors_total{code=\"SLOW_CONSUMER\"} 0.0")
        .contains("relay_posts_refused_total{reason=\"not_owner\"} 0.0")
        .contains("relay_posts_refused_total{reason=\"rate\"} 0.0")
        .contains("relay_link_updates_total{outcome=\"not_listed\"} 0.0")
        .contains("relay_owner_commands_total{action=\"SuspendJoins\"} 0.0")
        .contains("relay_owner_commands_total{action=\"ReadLog\"} 0.0");
  }

  @Test
  void aCounterCountsUnderTheValueItWasRegisteredWith() {
    RelayMetrics metrics = new RelayMetrics();
    metrics.postRefused(RelayMetrics.PostRefusal.NOT_OWNER);
    metrics.linkUpdate(RelayMetrics.LinkUpdateOutcome.NOT_LISTED);
    assertThat(metrics.scrape())
        .contains("relay_posts_refused_total{reason=\"not_owner\"} 1.0")
        .contains("relay_link_updates_total{outcome=\"not_listed\"} 1.0")
        .contains("relay_posts_refused_total{reason=\"rate\"} 0.0");
  }

  @Test
  void theProcessAndItsJvmAreExportedWithTheirOpenFiles() {
    try (RelayMetrics metrics = new RelayMetrics()) {
      String scrape = metrics.scrape();
      assertThat(scrape)
          .contains("# TYPE jvm_memory_used_bytes")
          .contains("# TYPE jvm_threads_live_threads")
          .contains("# TYPE process_cpu_usage")
          .contains("# TYPE process_files_open_files")
          .contains("# TYPE process_files_max_files");
    }
  }

  @Test
  void operationsGuideListsEveryMetric() throws Exception {
    String guide = Files.readString(Path.of("..", "docs", "operations.md"));
    for (String name : names()) {
      assertThat(guide).as(name).contains("`" + prometheus(name));
    }
  }

  /** Every metric name constant. */
  private static List<String> names() throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Field f : RelayMetrics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        names.add((String) f.get(null));
      }
    }
    assertThat(names).hasSizeGreaterThan(20).allMatch(n -> n.startsWith("relay."));
    return names;
  }

  private static String prometheus(String name) {
    return name.replace('.', '_');
  }
}
