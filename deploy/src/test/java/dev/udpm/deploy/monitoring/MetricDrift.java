package dev.udpm.deploy.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the metric names of monitoring queries against what exists: the series the services' code exports
 * ({@link MeterInventory}) and a documented allow-list of series other exporters provide ({@link #EXTERNAL}).
 */
public final class MetricDrift {

    /**
     * Series the dashboards and alerts may read that no UDPM service exports, with who exports them. Each name was
     * checked against its exporter's documentation; add a name only together with its source.
     */
    public static final Map<String, String> EXTERNAL = Map.of(
            "kafka_consumergroup_lag",
            "Kafka Exporter (Strimzi spec.kafkaExporter): lag of a group on a topic partition",
            "kafka_consumergroup_current_offset",
            "Kafka Exporter: committed offset of a group on a topic partition",
            "kafka_topic_partition_current_offset",
            "Kafka Exporter: log-end offset of a topic partition",
            "kube_deployment_status_replicas_available",
            "kube-state-metrics: available replicas of a Deployment",
            "kube_deployment_spec_replicas",
            "kube-state-metrics: desired replicas of a Deployment");

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

    /** Every metric name {@code queries} read. */
    public static Set<String> used(List<Query> queries) {
        Set<String> used = new TreeSet<>();
        queries.forEach(q -> used.addAll(PromQl.metricNames(q.expr())));
        return used;
    }
}
