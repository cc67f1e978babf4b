package dev.udpm.deploy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.udpm.deploy.Fleet;
import dev.udpm.deploy.RepoPaths;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ is laid out like Strimzi's packaging: one resource per file, named
 * {@code NNN-Kind-name.yaml} in apply order, every file listed in the README index and the kustomization, every
 * kind one we know how to apply, and nothing referring to a resource applied later.
 */
class ManifestLayoutTest {

    private static final Pattern FILE_NAME = Pattern.compile("^(\\d{3})-([A-Za-z]+)-([a-z0-9.-]+)\\.yaml$");

    /** The kinds the deployment may use, with the API version each is written in. */
    static final Map<String, String> KNOWN_KINDS = Map.ofEntries(
            Map.entry("Namespace", "v1"),
            Map.entry("Secret", "v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("Service", "v1"),
            Map.entry("PersistentVolumeClaim", "v1"),
            Map.entry("Deployment", "apps/v1"),
            Map.entry("StatefulSet", "apps/v1"),
            Map.entry("Job", "batch/v1"),
            Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("KafkaNodePool", "kafka.strimzi.io/v1"),
            Map.entry("Kafka", "kafka.strimzi.io/v1"),
            Map.entry("KafkaTopic", "kafka.strimzi.io/v1"),
            Map.entry("KafkaUser", "kafka.strimzi.io/v1"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("TriggerAuthentication", "keda.sh/v1alpha1"),
            Map.entry("ScaledObject", "keda.sh/v1alpha1"),
            Map.entry("ServiceMonitor", "monitoring.coreos.com/v1"),
            Map.entry("PodMonitor", "monitoring.coreos.com/v1"),
            Map.entry("PrometheusRule", "monitoring.coreos.com/v1"));

    @Test
    void everyFileIsNamedByApplyOrderKindAndNameAndHoldsOneResourceOfThatKind() {
        Set<String> orders = new HashSet<>();
        for (Path file : Fleet.manifests().files()) {
            String fileName = file.getFileName().toString();
            Matcher m = FILE_NAME.matcher(fileName);
            assertTrue(m.matches(), fileName + ": manifest files are named NNN-Kind-name.yaml (e.g. 050-Deployment-worker.yaml)");
            assertTrue(orders.add(m.group(1)), fileName + ": apply-order number " + m.group(1) + " is used twice");
            List<Manifest> documents = Manifests.parse(file);
            assertEquals(1, documents.size(), fileName + ": one resource per file");
            Manifest resource = documents.get(0);
            assertEquals(m.group(2), resource.kind(), fileName + ": the file name's kind must be the resource's kind");
            assertTrue(resource.name().replace('.', '-').endsWith(m.group(3)),
                    fileName + ": the file name's last part must end the resource name, got " + resource.name());
        }
    }

    @Test
    void everyKindIsKnownAndWrittenInItsApiVersion() {
        for (Manifest m : Fleet.manifests().all()) {
            String expected = KNOWN_KINDS.get(m.kind());
            if (expected == null) {
                fail(m.file().getFileName() + ": kind " + m.kind() + " is not one the deployment knows: add it to"
                        + " KNOWN_KINDS (with its operator in docs/kubernetes.md) or fix the kind");
            }
            assertEquals(expected, m.apiVersion(), m.file().getFileName() + ": apiVersion of " + m.kind());
        }
    }

    @Test
    void theNamespaceComesFirstAndHoldsEveryOtherResource() {
        Manifests manifests = Fleet.manifests();
        Manifest namespace = manifests.only("Namespace");
        assertEquals(namespace, manifests.all().get(0), "the Namespace must be applied first");
        for (Manifest m : manifests.all().subList(1, manifests.all().size())) {
            assertEquals(namespace.name(), m.namespace(), m.file().getFileName() + ": metadata.namespace");
        }
    }

    @Test
    void everyReferenceNamesAResourceAppliedEarlier() {
        List<Manifest> all = Fleet.manifests().all();
        for (int i = 0; i < all.size(); i++) {
            Manifest m = all.get(i);
            for (String[] ref : References.of(m)) {
                String kind = ref[0];
                String name = ref[1];
                List<Manifest> earlier = all.subList(0, i);
                assertTrue(earlier.stream().anyMatch(e -> e.kind().equals(kind) && e.name().equals(name)),
                        m.file().getFileName() + " refers to " + kind + "/" + name
                                + ", which must be defined in an earlier file");
            }
        }
    }

    @Test
    void theReadmeIndexListsEveryManifestInApplyOrderAndNothingElse() throws IOException {
        List<String> files = Fleet.manifests().files().stream().map(p -> p.getFileName().toString()).toList();
        List<String> indexed = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\|\\s*`([^`]+\\.yaml)`\\s*\\|").matcher(
                Files.readString(RepoPaths.kubernetes().resolve("README.md")));
        while (row.find()) {
            indexed.add(row.group(1));
        }
        assertEquals(files, indexed, "deploy/kubernetes/README.md must have one row | `file` | per manifest, in order");
    }

    @Test
    void theKustomizationListsEveryManifestInApplyOrderAndEveryProjectImage() {
        Manifest kustomization = Manifests.parse(RepoPaths.kubernetes().resolve(Manifests.KUSTOMIZATION)).get(0);
        List<String> files = Fleet.manifests().files().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(files, kustomization.at("resources").items().stream().map(Node::text).toList(),
                "kustomization.yaml resources must list every manifest in apply order");
        Set<String> configured = new HashSet<>();
        kustomization.at("images").items().forEach(image -> configured.add(image.at("name").text()));
        for (Manifest workload : Workloads.of(Fleet.manifests())) {
            for (Node container : Workloads.containers(workload)) {
                String image = container.at("image").text();
                String repository = image.substring(0, image.lastIndexOf(':'));
                if (repository.startsWith("udpm/")) {
                    assertTrue(configured.contains(repository), "kustomization.yaml images must cover " + repository
                            + " (used by " + workload.id() + ") so that its registry and tag can be set");
                }
            }
        }
    }

    @Test
    void noStrayFilesInTheManifestDirectory() throws IOException {
        try (Stream<Path> listing = Files.list(RepoPaths.kubernetes())) {
            List<String> strays = listing.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("README.md") && !n.equals(Manifests.KUSTOMIZATION) && !n.endsWith(".yaml"))
                    .toList();
            assertEquals(List.of(), strays, "deploy/kubernetes/ holds manifests (*.yaml), the kustomization and README.md");
        }
    }
}
