package dev.udpm.deploy.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the metric and label names of monitoring queries against what exists: the series the services' code
 * exports ({@link MeterInventory}), the labels Prometheus adds to every scraped series ({@link #TARGET_LABELS}) and a
 * documented allow-list of series other exporters provide ({@link #EXTERNAL}).
 */
public final class MetricDrift {

    /**
     * A series another exporter provides.
     *
     * @param source who exports it, and what it is
     * @param labels its own labels
     */
    public record External(String source, Set<String> labels) {
    }

    private static final Set<String> KAFKA_LABELS = Set.of("consumergroup", "topic", "partition");
    private static final Set<String> DEPLOYMENT_LABELS = Set.of("namespace", "deployment");

    /**
     * Series the dashboards and alerts may read that no UDPM service exports, with who exports them. Each name was
     * checked against its exporter's documentation; add a name only together with its source.
     */
    public static final Map<String, External> EXTERNAL = Map.of(
            "kafka_consumergroup_lag", new External(
                    "Kafka Exporter (Strimzi spec.kafkaExporter): lag of a group on a topic partition", KAFKA_LABELS),
            "kafka_consumergroup_current_offset", new External(
                    "Kafka Exporter: committed offset of a group on a topic partition", KAFKA_LABELS),
            "kafka_topic_partition_current_offset", new External(
                    "Kafka Exporter: log-end offset of a topic partition", Set.of("topic", "partition")),
            "kube_deployment_status_replicas_available", new External(
                    "kube-state-metrics: available replicas of a Deployment", DEPLOYMENT_LABELS),
            "kube_deployment_spec_replicas", new External(
                    "kube-state-metrics: desired replicas of a Deployment", DEPLOYMENT_LABELS));

    /** Labels the Prometheus Operator's ServiceMonitor/PodMonitor scrape puts on every series. */
    public static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "service", "job", "instance",
            "endpoint", "container");

    private MetricDrift() {
    }

    /** One message per metric name of {@code queries} that neither the code nor {@code external} provides. */
    public static List<String> unknownMetrics(List<Query> queries, MeterInventory code, Set<String> external) {
        List<String> unknown = new ArrayList<>();
        for (Query q : queries) {
            Set<String> names;
            try {
                names = PromQl.metricNames(q.expr());
            } catch (IllegalArgumentException e) {
                unknown.add(q.where() + ": " + e.getMessage());
                continue;
            }
            if (names.isEmpty()) {
                unknown.add(q.where() + ": reads no metric: " + q.expr());
            }
            for (String name : names) {
                if (!code.exports(name) && !external.contains(name)) {
                    unknown.add(q.where() + ": " + name + " is exported by no service's code and is not an allowed"
                            + " external metric (MetricDrift.EXTERNAL)");
                }
            }
        }
        return unknown;
    }

    /**
     * One message per label a query matches on or groups by that none of its metrics carries (nor the scrape adds):
     * a {@code by (version)} on a metric without a version label shows one empty series, not an error, in Grafana.
     */
    public static List<String> unknownLabels(List<Query> queries, MeterInventory code, Map<String, External> external) {
        List<String> unknown = new ArrayList<>();
        for (Query q : queries) {
            Set<String> available = new TreeSet<>(TARGET_LABELS);
            boolean any = false;
            for (String name : PromQl.metricNames(q.expr())) {
                MeterInventory.Series series = code.series().get(name);
                if (series != null && series.labels() == null) {
                    any = true;
                } else if (series != null) {
                    available.addAll(series.labels());
                } else if (external.containsKey(name)) {
                    available.addAll(external.get(name).labels());
                }
            }
            if (any) {
                continue;
            }
            for (String label : PromQl.labelNames(q.expr())) {
                if (!available.contains(label)) {
                    unknown.add(q.where() + ": label " + label + " is on none of its metrics " + PromQl.metricNames(
                            q.expr()) + " (labels there: " + available + ")");
                }
            }
        }
        return unknown;
    }

    /** Every metric name {@code queries} read. */
    public static Set<String> used(List<Query> queries) {
        Set<String> used = new TreeSet<>();
        queries.forEach(q -> used.addAll(PromQl.metricNames(q.expr())));
        return used;
    }
}
