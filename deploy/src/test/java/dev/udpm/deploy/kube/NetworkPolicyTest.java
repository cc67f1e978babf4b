package dev.udpm.deploy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.udpm.deploy.Fleet;
import org.junit.jupiter.api.Test;

/**
 * Ingress is denied by default; only the ingress controller (and Prometheus) reach the workers' REST port, only
 * Prometheus the trainer's, only the services (pods labelled udpm.dev/storage-client) MinIO's S3 API, nobody its
 * console. Kafka's policy is Strimzi's, from the listener's networkPolicyPeers ({@link KafkaSecurityTest}).
 */
class NetworkPolicyTest {

    static final String STORAGE_CLIENT_LABEL = "udpm.dev/storage-client";
    /** Namespaces allowed to reach REST and metrics ports (documented in docs/kubernetes.md). */
    static final String INGRESS_NAMESPACE = "ingress-nginx";
    static final String MONITORING_NAMESPACE = "monitoring";

    private final Manifests manifests = Fleet.manifests();

    @Test
    void ingressIsDeniedByDefaultBeforeAnyPodRuns() {
        Manifest deny = manifests.get("NetworkPolicy", "udpm-default-deny");
        assertEquals(Map.of(), deny.at("spec", "podSelector").fields(), "selects every pod of the namespace");
        assertEquals(List.of("Ingress"), deny.at("spec", "policyTypes").items().stream().map(Node::text).toList());
        assertFalse(deny.at("spec", "ingress").exists(), "allows nothing");
        int denyIndex = manifests.all().indexOf(deny);
        for (Manifest w : Workloads.of(manifests)) {
            assertTrue(manifests.all().indexOf(w) > denyIndex, w.id() + " is applied before the default deny");
        }
    }

    @Test
    void everyPodOfTheFleetThatListensIsCoveredByItsOwnPolicy() {
        for (Manifest w : Workloads.of(manifests)) {
            if (!Workloads.LONG_RUNNING.contains(w.kind())) {
                continue;
            }
            List<Manifest> policies = policiesSelecting(w);
            assertEquals(1, policies.size(), w.id() + " must be selected by exactly one allow policy, got "
                    + policies.stream().map(Manifest::id).toList());
        }
    }

    @Test
    void onlyTheIngressControllerAndPrometheusReachTheWorkersRestPort() {
        Manifest worker = manifests.get("Deployment", "udpm-worker");
        Node rule = onlyRule(worker);
        assertEquals(Set.of(INGRESS_NAMESPACE, MONITORING_NAMESPACE), namespaces(rule), rule.where());
        assertEquals(List.of("http"), ports(rule), rule.where() + ": only the REST/metrics port");
    }

    @Test
    void onlyPrometheusReachesTheTrainer() {
        Node rule = onlyRule(manifests.get("Deployment", "udpm-trainer"));
        assertEquals(Set.of(MONITORING_NAMESPACE), namespaces(rule), rule.where());
        assertEquals(List.of("http"), ports(rule), rule.where());
    }

    @Test
    void onlyStorageClientsAndPrometheusReachMinioAndNobodyItsConsole() {
        Manifest minio = manifests.get("StatefulSet", "udpm-minio");
        Node rule = onlyRule(minio);
        assertEquals(List.of("api"), ports(rule), rule.where() + ": the S3 API port only, not the console");
        assertEquals(Set.of(MONITORING_NAMESPACE), namespaces(rule), rule.where());
        List<Map<String, String>> pods = new ArrayList<>();
        rule.at("from").items().forEach(peer -> {
            if (peer.at("podSelector").exists()) {
                pods.add(peer.at("podSelector", "matchLabels").textMap());
            }
        });
        assertEquals(List.of(Map.of(STORAGE_CLIENT_LABEL, "true")), pods, rule.where());
        for (Manifest w : Workloads.of(manifests)) {
            boolean client = "true".equals(Workloads.podLabels(w).get(STORAGE_CLIENT_LABEL));
            boolean usesStorage = Workloads.containers(w).stream().anyMatch(c ->
                    Workloads.env(c, "UDPM_STORAGE_ENDPOINT").isPresent() || Workloads.env(c, "MINIO_URL").isPresent());
            assertEquals(usesStorage, client, w.id() + ": label " + STORAGE_CLIENT_LABEL + " exactly on storage clients");
        }
    }

    private List<Manifest> policiesSelecting(Manifest workload) {
        return manifests.ofKind("NetworkPolicy").stream()
                .filter(p -> Workloads.selects(p.at("spec", "podSelector", "matchLabels").textMap(),
                        Workloads.podLabels(workload)))
                .toList();
    }

    private Node onlyRule(Manifest workload) {
        List<Manifest> policies = policiesSelecting(workload);
        assertEquals(1, policies.size(), workload.id());
        List<Node> rules = policies.get(0).at("spec", "ingress").items();
        assertEquals(1, rules.size(), policies.get(0).id() + ": one ingress rule");
        Node rule = rules.get(0);
        Set<String> declared = new HashSet<>();
        Workloads.containers(workload).forEach(c -> c.at("ports").items().forEach(p -> declared.add(p.at("name").text())));
        for (String port : ports(rule)) {
            assertTrue(declared.contains(port), rule.where() + ": port " + port + " is no named port of " + workload.id());
        }
        return rule;
    }

    private static Set<String> namespaces(Node rule) {
        Set<String> names = new HashSet<>();
        for (Node peer : rule.at("from").items()) {
            if (peer.at("namespaceSelector").exists()) {
                assertFalse(peer.at("podSelector").exists() && peer.at("podSelector").fields().isEmpty(), peer.where());
                names.add(peer.at("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name").text());
            }
        }
        return names;
    }

    private static List<String> ports(Node rule) {
        List<Node> ports = rule.at("ports").items();
        assertFalse(ports.isEmpty(), rule.where() + ": a rule without ports opens every port");
        return ports.stream().map(p -> p.at("port").text()).toList();
    }
}
