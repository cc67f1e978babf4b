package dev.udpm.deploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.udpm.deploy.Fleet;
import dev.udpm.deploy.kube.Manifest;
import dev.udpm.deploy.kube.Node;
import dev.udpm.deploy.kube.Workloads;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable a service Deployment sets is a configuration key that service reads
 * (application.properties or a {@code @ConfigMapping}/{@code @ConfigProperty} in its sources or its project
 * dependencies), so a renamed key cannot leave a manifest silently setting nothing.
 */
class EnvConfigDriftTest {

    /** Variables read by the container image itself (its ENTRYPOINT), not by the service's configuration. */
    static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS");

    @Test
    void everyServiceEnvVarSetsAKeyTheServiceReads() {
        List<String> unknown = new ArrayList<>();
        for (Manifest deployment : Fleet.manifests().ofKind("Deployment")) {
            ServiceConfig service = Fleet.serviceOf(deployment.name());
            for (Node container : Workloads.containers(deployment)) {
                for (Node env : container.at("env").items()) {
                    String name = env.at("name").text();
                    if (!IMAGE_VARIABLES.contains(name) && service.keyForEnv(name).isEmpty()) {
                        unknown.add(deployment.id() + " " + name);
                    }
                }
            }
        }
        assertEquals(List.of(), unknown, "environment variables that set no configuration key of their service"
                + " (a key renamed in the code, or a typo in the manifest)");
    }

    @Test
    void theWorkerEnvironmentSetsTheKeysTheDeploymentDependsOn() {
        ServiceConfig worker = Fleet.worker();
        for (String key : List.of("kafka.bootstrap.servers", "udpm.storage.endpoint", "udpm.storage.access-key",
                "udpm.storage.secret-key", "udpm.storage.bucket", "udpm.worker.api.keys",
                "udpm.worker.models.cache-dir", "udpm.worker.device.gpu-allow-growth")) {
            assertTrue(worker.keys().stream().anyMatch(k -> k.name().equals(key)),
                    "the worker no longer reads " + key + ": update 050-Deployment-worker.yaml");
            Node container = Workloads.container(Fleet.manifests().get("Deployment", "udpm-worker"), "worker");
            assertTrue(Workloads.env(container, EnvNames.of(key)).isPresent(),
                    "050-Deployment-worker.yaml must set " + EnvNames.of(key) + " (" + key + ")");
        }
    }

    @Test
    void theDriftCheckRejectsAMisspeltOrUnknownVariable() {
        ServiceConfig worker = Fleet.worker();
        assertTrue(worker.keyForEnv("UDPM_STORAGE_ACCESS_KEY").isPresent(), "a real key from udpm-storage");
        assertTrue(worker.keyForEnv("UDPM_WORKER_BATCHING_MAX_SIZE").isPresent(), "a real key of the worker");
        assertFalse(worker.keyForEnv("UDPM_STORAGE_ACESS_KEY").isPresent(), "a typo must not pass");
        assertFalse(worker.keyForEnv("UDPM_WORKER_BATCHING").isPresent(), "a prefix alone is no key");
        assertFalse(worker.keyForEnv("UDPM_TRAINER_RUNS_DIR").isPresent(), "another service's key must not pass");
    }
}
