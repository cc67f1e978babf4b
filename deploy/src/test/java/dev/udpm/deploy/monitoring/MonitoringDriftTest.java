package dev.udpm.deploy.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.deploy.Fleet;
import dev.udpm.deploy.RepoPaths;
import dev.udpm.deploy.kube.Manifest;
import dev.udpm.deploy.kube.Manifests;
import dev.udpm.deploy.kube.Node;
import dev.udpm.schemas.Topics;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (070) and the alerts (071) read only metrics that exist: every metric name in their PromQL is
 * registered by some service's code ({@link MeterInventory}, read from the sources) or is an allowed external metric
 * with its exporter ({@link MetricDrift#EXTERNAL}); the consumer group and topics they filter on are the real ones,
 * and the Kafka Exporter that provides the lag is deployed, scraped and reachable. Every alert has a duration, a
 * severity, a summary and a description that says what to do.
 */
class MonitoringDriftTest {

    private static final String JOBS_CHANNEL = "mp.messaging.incoming.jobs.";
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final Set<String> PANELS_WITHOUT_QUERIES = Set.of("row", "text");
    private static final Pattern LABEL_MATCHER = Pattern.compile("\\b(consumergroup|topic)\\s*(=~|=)\\s*\"([^\"]*)\"");

    private final Manifests manifests = Fleet.manifests();
    /** Read once per test JVM: scanning every module's sources is the slow part. */
    private static final MeterInventory CODE_SCAN = MeterInventory.ofRepository(RepoPaths.root());

    private final MeterInventory code = CODE_SCAN;

    @Test
    void theInventoryReadsEveryRegistrationOfEveryService() {
        assertEquals(List.of(), code.unreadable(), "meter registrations whose name the inventory cannot read: name"
                + " them by a string literal or a static final String constant");
        // One meter of each service, so that a scanner reading nothing (moved sources, a changed builder style)
        // cannot pass the drift checks by accident.
        for (String series : List.of("udpm_jobs_total", "udpm_chain_time_seconds_count", "udpm_models_loaded",
                "udpm_intake_unacknowledged_records", "udpm_trainer_step", "udpm_webhooks_deliveries_total")) {
            assertTrue(code.exports(series), series + " missing from the inventory " + code.series().keySet());
        }
    }

    @Test
    void everyMetricADashboardReadsIsExported() {
        List<Manifest> configMaps = MonitoringFiles.dashboardConfigMaps(manifests);
        assertFalse(configMaps.isEmpty(), "no ConfigMap labelled " + MonitoringFiles.DASHBOARD_LABEL + "=\"1\"");
        List<Query> queries = dashboardQueries();
        assertFalse(queries.isEmpty());
        assertEquals(List.of(), MetricDrift.unknownMetrics(queries, code, MetricDrift.EXTERNAL.keySet()));
    }

    @Test
    void everyLabelTheDashboardsAndAlertsUseIsOnTheirMetrics() {
        List<Query> all = new ArrayList<>(dashboardQueries());
        all.addAll(MonitoringFiles.ruleQueries(manifests));
        assertEquals(List.of(), MetricDrift.unknownLabels(all, code, MetricDrift.EXTERNAL));
    }

    @Test
    void everyMetricAnAlertReadsIsExported() {
        List<Query> queries = MonitoringFiles.ruleQueries(manifests);
        assertFalse(queries.isEmpty(), "no PrometheusRule with rules");
        assertEquals(List.of(), MetricDrift.unknownMetrics(queries, code, MetricDrift.EXTERNAL.keySet()));
    }

    @Test
    void everyExternalMetricOnTheAllowListIsUsed() {
        List<Query> all = new ArrayList<>(dashboardQueries());
        all.addAll(MonitoringFiles.ruleQueries(manifests));
        Set<String> unused = new TreeSet<>(MetricDrift.EXTERNAL.keySet());
        unused.removeAll(MetricDrift.used(all));
        assertEquals(Set.of(), unused, "MetricDrift.EXTERNAL lists metrics nothing reads: remove them");
    }

    @Test
    void everyDashboardPanelQueriesSomethingAndPanelIdsAreUnique() {
        for (Manifest configMap : MonitoringFiles.dashboardConfigMaps(manifests)) {
            MonitoringFiles.dashboards(configMap).forEach((key, dashboard) -> {
                String where = configMap.file().getFileName() + " " + key;
                assertTrue(key.endsWith(".json"), where + ": the sidecar writes the key as the file name");
                assertFalse(dashboard.path("uid").asText().isBlank(), where + ": a fixed uid keeps links stable");
                Set<Integer> ids = new HashSet<>();
                for (JsonNode panel : dashboard.path("panels")) {
                    String title = panel.path("title").asText();
                    assertTrue(ids.add(panel.path("id").asInt(-1)), where + " panel '" + title + "': duplicate id");
                    if (PANELS_WITHOUT_QUERIES.contains(panel.path("type").asText())) {
                        continue;
                    }
                    List<Query> queries = MonitoringFiles.queries(where, panel);
                    assertFalse(queries.isEmpty(), where + " panel '" + title + "' has no query");
                    assertFalse(panel.path("description").asText().isBlank(), where + " panel '" + title
                            + "': say what it shows");
                }
            });
        }
    }

    @Test
    void everyAlertHasADurationASeverityASummaryAndSaysWhatToDo() {
        int alerts = 0;
        for (Manifest rules : manifests.ofKind("PrometheusRule")) {
            for (Node group : rules.at("spec", "groups").items()) {
                for (Node rule : group.at("rules").items()) {
                    if (!rule.at("alert").exists()) {
                        continue;
                    }
                    alerts++;
                    String where = rule.where();
                    assertTrue(rule.at("for").optionalText().filter(f -> f.matches("\\d+[smh]")).isPresent(),
                            where + ": for: (e.g. 5m) so that one bad scrape does not page");
                    assertTrue(SEVERITIES.contains(rule.at("labels", "severity").text()), where + ": severity");
                    assertFalse(rule.at("annotations", "summary").text().isBlank(), where + ": summary");
                    String description = rule.at("annotations", "description").text();
                    assertTrue(description.contains("Do:"), where + ": the description says what to do (\"Do: ...\")");
                }
            }
        }
        assertTrue(alerts >= 5, "expected the fleet's alerts, found " + alerts);
    }

    @Test
    void theGroupAndTopicsTheQueriesFilterOnAreTheFleets() {
        String group = Fleet.worker().property(JOBS_CHANNEL + "group.id").orElseThrow();
        Set<String> topics = new TreeSet<>(Topics.ALL);
        topics.add(Topics.WEBHOOKS_DEAD);
        topics.add(Topics.WEBHOOK_SUBSCRIPTIONS);
        List<Query> all = new ArrayList<>(dashboardQueries());
        all.addAll(MonitoringFiles.ruleQueries(manifests));
        int matchers = 0;
        for (Query q : all) {
            Matcher m = LABEL_MATCHER.matcher(q.expr());
            while (m.find()) {
                matchers++;
                List<String> values = m.group(2).equals("=~") ? List.of(m.group(3).split("\\|")) : List.of(m.group(3));
                for (String value : values) {
                    if (m.group(1).equals("consumergroup")) {
                        assertEquals(group, value, q.where() + ": the workers' group is " + group);
                    } else {
                        Pattern p = Pattern.compile(m.group(2).equals("=~") ? value : Pattern.quote(value));
                        assertTrue(topics.stream().anyMatch(t -> p.matcher(t).matches()),
                                q.where() + ": topic " + value + " is none of " + topics);
                    }
                }
            }
        }
        assertTrue(matchers > 0, "the queries filter on no consumer group or topic");
    }

    @Test
    void theKafkaExporterIsDeployedScrapedAndReachableForTheGroupAndTopicsQueried() {
        Manifest kafka = manifests.only("Kafka");
        Node exporter = kafka.at("spec", "kafkaExporter");
        assertTrue(exporter.exists(), "011: spec.kafkaExporter provides kafka_consumergroup_lag");
        Pattern topics = Pattern.compile(exporter.at("topicRegex").text());
        Pattern groups = Pattern.compile(exporter.at("groupRegex").text());
        assertTrue(groups.matcher(Fleet.worker().property(JOBS_CHANNEL + "group.id").orElseThrow()).matches(),
                "the exporter's groupRegex must cover the workers' group");
        for (String topic : List.of(Topics.JOBS, Topics.JOBS_DLQ, Topics.WEBHOOKS_DEAD)) {
            assertTrue(topics.matcher(topic).matches(), "the exporter's topicRegex must cover " + topic);
        }
        Map<String, String> exporterPod = Map.of("strimzi.io/name", kafka.name() + "-kafka-exporter");
        Manifest monitor = manifests.only("PodMonitor");
        assertEquals(exporterPod, monitor.at("spec", "selector", "matchLabels").textMap(), monitor.id());
        assertEquals("tcp-prometheus", monitor.at("spec", "podMetricsEndpoints").items().get(0).at("port").text(),
                monitor.id() + ": Strimzi's metrics port name");
        List<Manifest> policies = manifests.ofKind("NetworkPolicy").stream()
                .filter(p -> p.at("spec", "podSelector", "matchLabels").textMap().equals(exporterPod)).toList();
        assertEquals(1, policies.size(), "one NetworkPolicy lets Prometheus reach the exporter (default deny)");
        Node rule = policies.get(0).at("spec", "ingress").items().get(0);
        assertEquals("9404", rule.at("ports").items().get(0).at("port").text(), rule.where());
        assertEquals("monitoring", rule.at("from").items().get(0)
                .at("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name").text(), rule.where());
    }

    private List<Query> dashboardQueries() {
        List<Query> queries = new ArrayList<>();
        for (Manifest configMap : MonitoringFiles.dashboardConfigMaps(manifests)) {
            MonitoringFiles.dashboards(configMap).forEach((key, dashboard) ->
                    queries.addAll(MonitoringFiles.queries(configMap.file().getFileName() + " " + key, dashboard)));
        }
        return queries;
    }
}
