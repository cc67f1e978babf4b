package dev.udpm.deploy.monitoring;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.udpm.deploy.kube.Manifest;
import dev.udpm.deploy.kube.Manifests;
import dev.udpm.deploy.kube.Node;

/**
 * The PromQL of the deployment's monitoring resources: the Grafana dashboards (ConfigMaps labelled
 * {@value #DASHBOARD_LABEL}={@code "1"}, one JSON document per data key) and the alerting rules (PrometheusRule).
 */
public final class MonitoringFiles {

    /** The label Grafana's dashboard sidecar watches. */
    public static final String DASHBOARD_LABEL = "grafana_dashboard";

    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitoringFiles() {
    }

    /** The dashboard ConfigMaps. */
    public static List<Manifest> dashboardConfigMaps(Manifests manifests) {
        return manifests.ofKind("ConfigMap").stream().filter(m -> "1".equals(m.labels().get(DASHBOARD_LABEL))).toList();
    }

    /** Every dashboard of the ConfigMap, by data key; fails naming the key if one is not JSON. */
    public static Map<String, JsonNode> dashboards(Manifest configMap) {
        Map<String, JsonNode> dashboards = new java.util.TreeMap<>();
        configMap.at("data").fields().forEach((key, value) -> {
            try {
                dashboards.put(key, JSON.readTree(value.text()));
            } catch (JsonProcessingException e) {
                throw new AssertionError(configMap.file().getFileName() + " data." + key + " is not JSON: "
                        + e.getOriginalMessage(), e);
            }
        });
        return dashboards;
    }

    /** Every {@code expr} of a dashboard (panel targets, nested rows, anywhere in the tree), named by panel title. */
    public static List<Query> queries(String source, JsonNode dashboard) {
        List<Query> queries = new ArrayList<>();
        collect(source, "", dashboard, queries);
        return queries;
    }

    /** Every {@code expr} of the PrometheusRules, named by file and alert (or record). */
    public static List<Query> ruleQueries(Manifests manifests) {
        List<Query> queries = new ArrayList<>();
        for (Manifest rules : manifests.ofKind("PrometheusRule")) {
            queries.addAll(ruleQueries(rules));
        }
        return queries;
    }

    /** Every {@code expr} of one PrometheusRule. */
    public static List<Query> ruleQueries(Manifest rules) {
        List<Query> queries = new ArrayList<>();
        for (Node group : rules.at("spec", "groups").items()) {
            for (Node rule : group.at("rules").items()) {
                String name = rule.at("alert").optionalText().orElseGet(() -> rule.at("record").text());
                queries.add(new Query(rules.file().getFileName() + " " + name, rule.at("expr").text()));
            }
        }
        return queries;
    }

    private static void collect(String source, String panel, JsonNode node, List<Query> queries) {
        if (node.isObject()) {
            String title = node.hasNonNull("title") ? node.get("title").asText() : panel;
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("expr")) {
                    if (!field.getValue().isTextual()) {
                        throw new AssertionError(source + " panel '" + title + "': expr is not a string");
                    }
                    queries.add(new Query(source + " panel '" + title + "'", field.getValue().asText()));
                } else {
                    collect(source, title, field.getValue(), queries);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> collect(source, panel, item, queries));
        }
    }
}
