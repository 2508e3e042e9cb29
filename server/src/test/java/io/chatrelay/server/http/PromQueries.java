package io.chatrelay.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL queries of our dashboard and alerting rules, checked against a relay's scrape: every
 * relay_, jvm_ and process_ metric a query names must be exported, with every label value it
 * matches exactly (label="value") and every label it groups by.
 */
final class PromQueries {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern SELECTOR =
      Pattern.compile("\\b((?:relay|jvm|process)_[a-zA-Z0-9_]+)\\s*(?:\\{([^}]*)\\})?");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)\\s*\"([^\"]*)\"");
  private static final Pattern BY = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

  /** Labels that the histogram or Prometheus add. */
  private static final Set<String> ALWAYS = Set.of("le", "instance", "job");

  private PromQueries() {}

  /** What in {@code queries} the scrape does not have; empty if nothing. */
  static List<String> problems(String scrape, List<String> queries) {
    Map<String, List<Map<String, String>>> exported = series(scrape);
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
    return problems;
  }

  /** Every panel's query (nested rows included) and every query variable of a Grafana dashboard. */
  static List<String> ofDashboard(Path file) throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
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

  /** Every rule's expression of a Prometheus rule file. */
  static List<String> ofRules(Path file) throws IOException {
    JsonNode ruleFile = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    List<String> queries = new ArrayList<>();
    for (JsonNode group : ruleFile.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        queries.add(rule.path("expr").asText());
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
}
