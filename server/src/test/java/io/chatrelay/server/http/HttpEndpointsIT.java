package io.chatrelay.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabaseExtension.class)
class HttpEndpointsIT {
  private RelayFixture fx;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp(TestDatabase database) {
    fx = new RelayFixture(database);
    fx.start();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.relay().port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void infoDocumentDescribesTheRelayAndEveryLimit() throws Exception {
    HttpResponse<String> r = get("/info");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode info = new ObjectMapper().readTree(r.body());
    assertThat(info.get("software").asText()).isEqualTo("chat-relay");
    assertThat(info.get("address").asText()).isEqualTo(fx.relay().address()).startsWith("https://");
    assertThat(info.get("protocol_versions").get("max").asInt()).isEqualTo(1);
    assertThat(info.get("limits").get("max_frame_bytes").asInt())
        .isEqualTo(fx.relay().config().limits().maxFrameBytes());
    assertThat(info.get("limits").has("join_queue_per_group")).isTrue();
    assertThat(info.get("limits").has("posts_per_second_per_group")).isTrue();
    assertThat(info.get("admission").get("mode").asText()).isEqualTo("accept-all");
  }

  @Test
  void metricsArePrometheusTextUnderTheRelayPrefix() throws Exception {
    fx.connect();
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("relay_connections_opened_total").contains("relay_connections ");
  }

  /**
   * The Grafana dashboard (deploy/grafana) against a relay that has served nothing yet: every
   * relay_ metric a query names is exported, with every label value it matches (label="value") and
   * every label it groups by. So a panel never shows "no data" for want of a first event, and an
   * alert on a rate sees the first one.
   */
  @Test
  void theDashboardQueriesOnlySeriesAFreshRelayExports() throws Exception {
    Map<String, List<Map<String, String>>> exported = series(get("/metrics").body());
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                Files.readString(Path.of("..", "deploy", "grafana", "chat-relay-dashboard.json")));
    List<String> queries = queries(dashboard);
    assertThat(queries).hasSizeGreaterThan(30);
    List<String> problems = new ArrayList<>();
    for (String query : queries) {
      List<String> names = new ArrayList<>();
      Matcher selector = SELECTOR.matcher(query);
      while (selector.find()) {
        String name = selector.group(1);
        names.add(name);
        if (!exported.containsKey(name)) {
          problems.add(name + " is not exported (" + query + ")");
          continue;
        }
        Matcher m = MATCHER.matcher(selector.group(2) == null ? "" : selector.group(2));
        while (m.find()) {
          String label = m.group(1);
          String value = m.group(3);
          if (m.group(2).equals("=")
              && !ALWAYS.contains(label)
              && exported.get(name).stream().noneMatch(l -> value.equals(l.get(label)))) {
            problems.add("no " + name + " series with " + label + "=\"" + value + "\"");
          }
        }
      }
      Matcher by = BY.matcher(query);
      while (by.find()) {
        for (String label : by.group(1).split(",")) {
          String l = label.strip();
          if (!l.isEmpty()
              && !ALWAYS.contains(l)
              && names.stream()
                  .filter(exported::containsKey)
                  .flatMap(n -> exported.get(n).stream())
                  .noneMatch(s -> s.containsKey(l))) {
            problems.add("none of " + names + " has the label " + l + " (" + query + ")");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern SELECTOR =
      Pattern.compile("\\b(relay_[a-zA-Z0-9_]+)\\s*(?:\\{([^}]*)\\})?");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)\\s*\"([^\"]*)\"");
  private static final Pattern BY = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

  /** Labels that the histogram or Prometheus add. */
  private static final Set<String> ALWAYS = Set.of("le", "instance", "job");

  /** Every sample's labels, by metric name, of a Prometheus text exposition. */
  private static Map<String, List<Map<String, String>>> series(String scrape) {
    Map<String, List<Map<String, String>>> found = new HashMap<>();
    for (String line : scrape.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.find()) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      found.computeIfAbsent(sample.group(1), k -> new ArrayList<>()).add(labels);
    }
    return found;
  }

  /** Every panel's query (nested rows included) and every query variable of a dashboard. */
  private static List<String> queries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    panelQueries(dashboard.path("panels"), queries);
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      JsonNode q = variable.path("query");
      String text = q.isObject() ? q.path("query").asText("") : q.asText("");
      if ("query".equals(variable.path("type").asText()) && !text.isEmpty()) {
        queries.add(text);
      }
    }
    return queries;
  }

  private static void panelQueries(JsonNode panels, List<String> queries) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (!target.path("expr").asText("").isEmpty()) {
          queries.add(target.path("expr").asText());
        }
      }
      panelQueries(panel.path("panels"), queries);
    }
  }

  @Test
  void healthFollowsTheStore() throws Exception {
    assertThat(get("/health").statusCode()).isEqualTo(200);
    fx.relay().store().close();
    assertThat(get("/health").statusCode()).isEqualTo(503);
  }
}
