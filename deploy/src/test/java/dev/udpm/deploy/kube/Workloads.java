package dev.udpm.deploy.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Pod templates and containers of the workload kinds (Deployment, StatefulSet, Job). */
public final class Workloads {

    /** Kinds that run pods from {@code spec.template}. */
    public static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "Job");
    /** Kinds whose pods keep running, hence need probes. */
    public static final Set<String> LONG_RUNNING = Set.of("Deployment", "StatefulSet");

    private Workloads() {
    }

    /** The workloads among {@code manifests}. */
    public static List<Manifest> of(Manifests manifests) {
        return manifests.all().stream().filter(m -> KINDS.contains(m.kind())).toList();
    }

    /** {@code spec.template.spec} of a workload. */
    public static Node podSpec(Manifest workload) {
        return workload.at("spec", "template", "spec");
    }

    /** {@code spec.template.metadata.labels} of a workload. */
    public static Map<String, String> podLabels(Manifest workload) {
        return workload.at("spec", "template", "metadata", "labels").textMap();
    }

    /** The init containers and containers of a workload's pod. */
    public static List<Node> containers(Manifest workload) {
        List<Node> containers = new ArrayList<>(podSpec(workload).at("initContainers").items());
        containers.addAll(podSpec(workload).at("containers").items());
        return containers;
    }

    /** The container named {@code name}; fails naming the workload if absent. */
    public static Node container(Manifest workload, String name) {
        return podSpec(workload).at("containers").named(name).orElseThrow(
                () -> new AssertionError(workload.id() + " has no container named '" + name + "'"));
    }

    /** The env entry {@code name} of a container, if any. */
    public static Optional<Node> env(Node container, String name) {
        return container.at("env").named(name);
    }

    /** The literal value of env var {@code name}; fails if it is absent or comes from a reference. */
    public static String envValue(Node container, String name) {
        Node entry = env(container, name).orElseThrow(
                () -> new AssertionError(container.where() + " has no env var " + name));
        return entry.at("value").text();
    }

    /** The mount of a container at exactly {@code mountPath}, if any. */
    public static Optional<Node> mountAt(Node container, String mountPath) {
        return container.at("volumeMounts").items().stream()
                .filter(m -> mountPath.equals(m.at("mountPath").text()))
                .findFirst();
    }

    /** Whether {@code selector} (matchLabels or a Service selector) selects a pod with {@code labels}. */
    public static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }
}
