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
import java.nio.file.Path;
import java.util.List;
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
   * metric a query names is exported, with every label value it matches and every label it groups
   * by. So a panel never shows "no data" for want of a first event.
   */
  @Test
  void theDashboardQueriesOnlySeriesAFreshRelayExports() throws Exception {
    List<String> queries =
        PromQueries.ofDashboard(Path.of("..", "deploy", "grafana", "chat-relay-dashboard.json"));
    assertThat(queries).hasSizeGreaterThan(30);
    assertThat(PromQueries.problems(get("/metrics").body(), queries)).isEmpty();
  }

  /**
   * The alerting rules (deploy/prometheus) likewise: an alert on a metric or label the relay does
   * not export would never fire.
   */
  @Test
  void theAlertRulesQueryOnlySeriesAFreshRelayExports() throws Exception {
    List<String> queries =
        PromQueries.ofRules(Path.of("..", "deploy", "prometheus", "chat-relay-alerts.yml"));
    assertThat(queries).hasSizeGreaterThan(10);
    assertThat(PromQueries.problems(get("/metrics").body(), queries)).isEmpty();
  }

  @Test
  void healthFollowsTheStore() throws Exception {
    assertThat(get("/health").statusCode()).isEqualTo(200);
    fx.relay().store().close();
    assertThat(get("/health").statusCode()).isEqualTo(503);
  }
}
