package dev.udpm.deploy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.udpm.deploy.Fleet;
import org.junit.jupiter.api.Test;

/**
 * MinIO speaks https only, with the certificate of Secret udpm-minio-tls; the services and the setup Job trust the
 * CA of that Secret (and nothing of it but ca.crt reaches them); the MinIO pod alone gets the key.
 */
class StorageTlsManifestTest {

    static final String TLS_SECRET = "udpm-minio-tls";

    private final Manifests manifests = Fleet.manifests();

    @Test
    void minioServesItsCertificateAndIsProbedOverHttps() {
        Manifest minio = manifests.get("StatefulSet", "udpm-minio");
        Node container = Workloads.container(minio, "minio");
        List<String> args = container.at("args").items().stream().map(Node::text).toList();
        String certsDir = args.get(args.indexOf("--certs-dir") + 1);
        Node mount = Workloads.mountAt(container, certsDir).orElseThrow(() -> new AssertionError(
                "MinIO's --certs-dir " + certsDir + " must be a mounted volume"));
        Node volume = Workloads.podSpec(minio).at("volumes").named(mount.at("name").text()).orElseThrow();
        assertEquals(TLS_SECRET, volume.at("secret", "secretName").text());
        Map<String, String> items = new java.util.HashMap<>();
        volume.at("secret", "items").items().forEach(i -> items.put(i.at("key").text(), i.at("path").text()));
        assertEquals(Map.of("tls.crt", "public.crt", "tls.key", "private.key", "ca.crt", "CAs/ca.crt"), items,
                "MinIO reads public.crt and private.key (and CAs/) from its certs dir");
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            assertEquals("HTTPS", container.at(probe, "httpGet", "scheme").text(), container.where() + " " + probe);
        }
        assertEquals("https", minio.at("spec", "template", "metadata", "annotations", "prometheus.io/scheme").text());
    }

    @Test
    void theServicesReachMinioOverHttpsTrustingOnlyItsCa() {
        String endpoint = manifests.get("ConfigMap", "udpm-fleet").at("data", "storage-endpoint").text();
        assertTrue(endpoint.startsWith("https://"), "storage-endpoint must be https, got " + endpoint);
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            Node container = Workloads.podSpec(deployment).at("containers").items().get(0);
            String caFile = Workloads.envValue(container, "UDPM_STORAGE_CA_FILE");
            TlsFiles.assertMountedSecretItem(deployment, container, caFile, TLS_SECRET, "ca.crt");
            assertTrue(Fleet.serviceOf(deployment.name()).keyForEnv("UDPM_STORAGE_CA_FILE").isPresent(),
                    "udpm.storage.ca-file must be a key the service reads");
        }
    }

    @Test
    void theSetupJobTrustsTheCaWhereMcLooksForIt() {
        Manifest job = manifests.get("Job", "udpm-minio-setup");
        Node container = Workloads.podSpec(job).at("containers").items().get(0);
        String configDir = Workloads.envValue(container, "MC_CONFIG_DIR");
        TlsFiles.assertMountedSecretItem(job, container, configDir + "/certs/CAs/ca.crt", TLS_SECRET, "ca.crt");
    }

    @Test
    void onlyMinioMountsThePrivateKey() {
        for (Manifest w : Workloads.of(manifests)) {
            for (Node volume : Workloads.podSpec(w).at("volumes").items()) {
                if (!TLS_SECRET.equals(volume.at("secret", "secretName").optionalText().orElse(null))) {
                    continue;
                }
                List<Node> items = volume.at("secret", "items").items();
                assertTrue(!items.isEmpty(), volume.where() + ": project single keys, never the whole Secret");
                boolean key = items.stream().anyMatch(i -> i.at("key").text().equals("tls.key"));
                assertEquals(w.name().equals("udpm-minio"), key, volume.where() + ": tls.key only in MinIO's pod");
            }
        }
    }
}
