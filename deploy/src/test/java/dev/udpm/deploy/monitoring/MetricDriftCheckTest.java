package dev.udpm.deploy.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.udpm.deploy.kube.Manifest;
import dev.udpm.deploy.kube.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift check itself, on small hostile samples: it finds the metric names hidden among functions, label names,
 * strings, ranges and Grafana variables; it reads registrations the way the services write them; and it fails on a
 * dashboard panel or an alert naming a metric that no code exports.
 */
class MetricDriftCheckTest {

    /** Meters written the ways the services write them. */
    private static final Map<String, String> SOURCES = Map.of(
            "a/JobMeters.java", """
                    package a;
                    /** Javadoc mentioning Counter.builder("udpm.in.javadoc") must not count. */
                    final class JobMeters {
                        static final String RELOADS = "udpm.model.reloads";
                        void record(MeterRegistry registry) {
                            Counter.builder("udpm.jobs").tags("outcome", outcome.tag(), "code", code(x, y))
                                    .register(registry).increment();
                            Timer.builder("udpm.chain.time").tag("model", "m").register(registry);
                            DistributionSummary.builder("udpm.batch.size").serviceLevelObjectives(1, 2, 4)
                                    .register(registry);
                            DistributionSummary.builder("udpm.payload").baseUnit("bytes").register(registry);
                            Gauge.builder("udpm.models.loaded", () -> 1).register(registry);
                            Counter.builder(RELOADS).register(registry);
                            registry.counter("udpm.intake.partitions", "change", "assigned");
                            registry.gauge("udpm.intake.unacknowledged.records", new AtomicLong());
                            registry.find("udpm.looked.up.only").counter();
                        }
                        @Timed("udpm.annotated")
                        void annotated() {
                        }
                    }
                    """,
            "b/Other.java", """
                    package b;
                    final class Other {
                        void record(MeterRegistry registry, String kind) {
                            Counter.builder(JobMeters.RELOADS).register(registry);
                            Counter.builder("udpm." + kind).register(registry);
                            meters.timer(kind);
                            unrelated.counter(kind);
                        }
                    }
                    """);

    @Test
    void promQlNamesAreFoundAmongFunctionsLabelsStringsRangesAndVariables() {
        assertEquals(Set.of("udpm_jobs_total"), PromQl.metricNames(
                "sum by (outcome, code) (rate(udpm_jobs_total{outcome=\"failed\", code=~\"INTERNAL|x_total\"}"
                        + "[$__rate_interval]))"));
        assertEquals(Set.of("a_sum", "a_count"), PromQl.metricNames(
                "sum without (pod) (rate(a_sum[5m:30s] offset 1h)) / on (model) group_left (x) sum(rate(a_count[5m]))"));
        assertEquals(Set.of("udpm_batch_size_bucket"), PromQl.metricNames(
                "histogram_quantile(0.95, sum(rate(udpm_batch_size_bucket[${__range}])) by (le)) > 1e3 and bool 2"));
        assertEquals(Set.of("up", "b"), PromQl.metricNames("absent(up{job='x'}) or vector(0) unless b"));
        assertEquals(Set.of(), PromQl.metricNames("vector(1) * 0.5 + time()"));
        assertEquals(Set.of("a", "b", "c", "d", "le"), PromQl.labelNames(
                "rate(x{a=\"1\", b!~\"2,3\"}[5m]) / on (c) group_left (d) sum by (le) (y)"));
    }

    @Test
    void aSelectorByNameOrAnUnterminatedStringIsRefusedNotSkipped() {
        assertThrows(IllegalArgumentException.class, () -> PromQl.metricNames("{__name__=\"udpm_jobs_total\"}"));
        assertThrows(IllegalArgumentException.class, () -> PromQl.metricNames("rate(x{a=\"b}[5m])"));
    }

    @Test
    void theInventoryNamesSeriesTheWayThePrometheusRegistryDoes() {
        MeterInventory inventory = MeterInventory.of(SOURCES);
        assertEquals(Set.of("udpm_jobs_total", "udpm_chain_time_seconds_count", "udpm_chain_time_seconds_sum",
                "udpm_chain_time_seconds_max", "udpm_batch_size_count", "udpm_batch_size_sum", "udpm_batch_size_max",
                "udpm_batch_size_bucket", "udpm_payload_bytes_count", "udpm_payload_bytes_sum",
                "udpm_payload_bytes_max", "udpm_models_loaded", "udpm_model_reloads_total",
                "udpm_intake_partitions_total", "udpm_intake_unacknowledged_records", "udpm_annotated_seconds_count",
                "udpm_annotated_seconds_sum", "udpm_annotated_seconds_max"), inventory.series().keySet());
        assertEquals(List.of("b/Other.java: COUNTER named by \"udpm.\" + kind", "b/Other.java: TIMER named by kind"),
                inventory.unreadable(), "a name the scan cannot read is reported, never skipped");
        assertEquals(Set.of("outcome", "code"), inventory.series().get("udpm_jobs_total").labels());
        assertEquals(Set.of("model"), inventory.series().get("udpm_chain_time_seconds_count").labels());
        assertEquals(Set.of("le"), inventory.series().get("udpm_batch_size_bucket").labels());
        assertEquals(Set.of("change"), inventory.series().get("udpm_intake_partitions_total").labels());
        assertEquals(null, inventory.series().get("udpm_annotated_seconds_count").labels(),
                "an annotation's tags are the framework's: unknown");
    }

    @Test
    void aDashboardPanelOrAlertNamingAMetricNoCodeExportsFails(@TempDir Path dir) throws IOException {
        MeterInventory inventory = MeterInventory.of(Map.of("a/JobMeters.java", SOURCES.get("a/JobMeters.java")));
        String dashboard = new ObjectMapper().writeValueAsString(Map.of("uid", "hostile", "panels", List.of(
                Map.of("type", "timeseries", "title", "fine", "targets", List.of(
                        Map.of("expr", "sum(rate(udpm_jobs_total[5m]))"))),
                Map.of("type", "row", "title", "nested", "panels", List.of(
                        Map.of("type", "stat", "title", "typo", "targets", List.of(
                                Map.of("expr", "sum(rate(udpm_jobs_totl[5m])) / sum(kafka_consumergroup_lag)"))))),
                Map.of("type", "timeseries", "title", "raw timer", "targets", List.of(
                        Map.of("expr", "rate(udpm_chain_time_count[5m])"))))));
        Path configMap = dir.resolve("070-ConfigMap-hostile.yaml");
        Files.writeString(configMap, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: hostile
                  namespace: udpm
                  labels:
                    grafana_dashboard: "1"
                data:
                  hostile.json: '%s'
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: hostile-alerts
                  namespace: udpm
                spec:
                  groups:
                    - name: g
                      rules:
                        - alert: Fine
                          expr: max(udpm_models_loaded) == 0
                        - alert: Invented
                          expr: sum(rate(udpm_jobs_failed_total[10m])) > 0
                        - alert: ByName
                          expr: 'count({__name__="udpm_jobs_total"}) > 0'
                """.formatted(dashboard.replace("'", "''")));
        Manifests manifests = Manifests.load(dir);
        List<Manifest> dashboards = MonitoringFiles.dashboardConfigMaps(manifests);
        assertEquals(1, dashboards.size());
        List<Query> panels = MonitoringFiles.queries("hostile.json", MonitoringFiles.dashboards(dashboards.get(0))
                .get("hostile.json"));
        assertEquals(3, panels.size(), "every expr, also in a nested row: " + panels);

        List<String> panelErrors = MetricDrift.unknownMetrics(panels, inventory, Set.of("kafka_consumergroup_lag"));
        assertEquals(2, panelErrors.size(), panelErrors.toString());
        assertTrue(panelErrors.get(0).contains("panel 'typo'") && panelErrors.get(0).contains("udpm_jobs_totl"),
                panelErrors.get(0));
        assertTrue(panelErrors.get(1).contains("udpm_chain_time_count"), "a timer is in seconds: " + panelErrors);
        assertEquals(1, MetricDrift.unknownMetrics(panels, inventory, Set.of()).stream()
                .filter(e -> e.contains("kafka_consumergroup_lag")).count(), "external metrics need the allow-list");

        List<String> ruleErrors = MetricDrift.unknownMetrics(MonitoringFiles.ruleQueries(manifests), inventory,
                Set.of());
        assertEquals(2, ruleErrors.size(), ruleErrors.toString());
        assertTrue(ruleErrors.get(0).contains("Invented") && ruleErrors.get(0).contains("udpm_jobs_failed_total"),
                ruleErrors.get(0));
        assertTrue(ruleErrors.get(1).contains("ByName") && ruleErrors.get(1).contains("__name__"), ruleErrors.get(1));
    }

    @Test
    void aQueryOnALabelNoneOfItsMetricsCarriesFails() {
        MeterInventory inventory = MeterInventory.of(SOURCES);
        List<Query> queries = List.of(
                new Query("fine", "sum by (outcome, pod) (rate(udpm_jobs_total{outcome=\"failed\"}[5m]))"),
                new Query("buckets", "histogram_quantile(0.5, sum by (le) (rate(udpm_batch_size_bucket[5m])))"),
                new Query("annotated", "udpm_annotated_seconds_count{method=\"m\"}"),
                new Query("per version", "sum by (version) (rate(udpm_jobs_total[5m]))"),
                new Query("typo", "kafka_consumergroup_lag{consumergroup=\"g\", partiton=\"1\"}"));
        List<String> errors = MetricDrift.unknownLabels(queries, inventory, MetricDrift.EXTERNAL);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("per version: label version"), errors.get(0));
        assertTrue(errors.get(1).startsWith("typo: label partiton"), errors.get(1));
    }
}
