package dev.udpm.deploy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.udpm.deploy.Fleet;
import dev.udpm.deploy.RepoPaths;
import dev.udpm.deploy.config.EnvNames;
import dev.udpm.deploy.config.ServiceConfig;
import dev.udpm.deploy.docker.Dockerfile;
import org.junit.jupiter.api.Test;

/**
 * The worker and trainer Deployments agree with their services: HTTP port, health and metrics paths, writable
 * directories for the model cache and the JavaCPP cache, one GPU per worker, batching settings that fit together;
 * the trainer's workspace, grace period, dataset and classifier.
 */
class ServiceDeploymentsTest {

    /**
     * Bytes the GPU natives of tensorflow-core-native 1.1.0 (linux-x86_64-gpu) unpack to in the JavaCPP cache
     * (sum of the jar's entries: libtensorflow_cc.so.2, libtensorflow_framework.so.2, libjnitensorflow.so, ...).
     */
    static final long GPU_NATIVES_UNPACKED_BYTES = 1_252_459_491L;
    private static final Pattern CACHEDIR = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.cachedir=(\\S+)");
    private static final List<String> ENDPOINT_OVERRIDES = List.of("quarkus.http.root-path",
            "quarkus.http.non-application-root-path", "quarkus.smallrye-health.root-path",
            "quarkus.smallrye-health.liveness-path", "quarkus.smallrye-health.readiness-path",
            "quarkus.smallrye-health.startup-path", "quarkus.micrometer.export.prometheus.path");

    /** Where Debian's (and Ubuntu's) dataset-fashion-mnist package installs the IDX files. */
    private static final String IMAGE_FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

    private final Manifests manifests = Fleet.manifests();

    @Test
    void eachServiceListensOnItsConfiguredPortAndIsProbedOnQuarkusHealthEndpoints() {
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            ServiceConfig service = Fleet.serviceOf(deployment.name());
            Node container = Workloads.podSpec(deployment).at("containers").items().get(0);
            for (String key : ENDPOINT_OVERRIDES) {
                assertTrue(service.property(key).isEmpty(), service.module() + " application.properties sets " + key
                        + ": the probes and scrape paths of " + deployment.id() + " assume Quarkus' defaults");
            }
            String port = service.property("quarkus.http.port").orElse("8080");
            assertEquals(port, container.at("ports").named("http").orElseThrow().at("containerPort").text(),
                    deployment.id() + ": the http port must be " + service.module() + "'s quarkus.http.port");
            assertEquals("/q/health/live", container.at("livenessProbe", "httpGet", "path").text());
            assertEquals("/q/health/ready", container.at("readinessProbe", "httpGet", "path").text());
            assertEquals("/q/health/started", container.at("startupProbe", "httpGet", "path").text());
            assertEquals("/q/metrics", deployment.at("spec", "template", "metadata", "annotations", "prometheus.io/path")
                    .text());
        }
    }

    @Test
    void theWorkersKafkaStreamsStateIsOnTheWritableTmpVolume() {
        String stateDir = Fleet.worker().rawProperty("kafka-streams.state.dir").orElseThrow(() -> new AssertionError(
                "worker application.properties sets no kafka-streams.state.dir"));
        assertTrue(stateDir.startsWith("${java.io.tmpdir}/"), "kafka-streams.state.dir = " + stateDir
                + ": the root file system is read-only, the state dir must be under java.io.tmpdir (/tmp, an emptyDir)");
        Manifest worker = manifests.get("Deployment", "udpm-worker");
        Node container = Workloads.container(worker, "worker");
        assertWritableVolume(worker, container, "/tmp");
    }

    @Test
    void theWorkerAsksForExactlyOneGpuAndToleratesGpuNodes() {
        Manifest worker = manifests.get("Deployment", "udpm-worker");
        Node container = Workloads.container(worker, "worker");
        assertEquals("1", container.at("resources", "limits", "nvidia.com/gpu").text(), "one GPU per worker");
        assertEquals("1", container.at("resources", "requests", "nvidia.com/gpu").text());
        assertTrue(Workloads.podSpec(worker).at("tolerations").items().stream()
                        .anyMatch(t -> t.at("key").text().equals("nvidia.com/gpu")),
                "GPU nodes are usually tainted nvidia.com/gpu: the worker must tolerate it");
        assertTrue(container.at("image").text().startsWith("udpm/worker-gpu:"), "the worker runs the GPU image");
    }

    @Test
    void theWorkersModelCacheIsAWritableVolume() {
        Node container = Workloads.container(manifests.get("Deployment", "udpm-worker"), "worker");
        String cacheDir = Workloads.envValue(container, "UDPM_WORKER_MODELS_CACHE_DIR");
        assertWritableVolume(manifests.get("Deployment", "udpm-worker"), container, cacheDir);
    }

    @Test
    void theJavaCppCacheIsAWritableVolumeLargeEnoughForTheGpuNatives() {
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            Node container = Workloads.podSpec(deployment).at("containers").items().get(0);
            Matcher cachedir = CACHEDIR.matcher(Workloads.envValue(container, "JAVA_OPTS"));
            assertTrue(cachedir.find(), deployment.id() + ": JAVA_OPTS must set -Dorg.bytedeco.javacpp.cachedir"
                    + " (the home directory is not writable in the container)");
            Node volume = assertWritableVolume(deployment, container, cachedir.group(1));
            if (container.at("resources", "limits", "nvidia.com/gpu").exists()) {
                BigDecimal size = Quantity.parse(volume.at("emptyDir", "sizeLimit").text());
                assertTrue(size.compareTo(BigDecimal.valueOf(GPU_NATIVES_UNPACKED_BYTES)) > 0, volume.where()
                        + ": sizeLimit " + size + " cannot hold the unpacked GPU natives (" + GPU_NATIVES_UNPACKED_BYTES
                        + " bytes)");
            }
        }
    }

    @Test
    void theWorkersBatchSizeIsAPaddingMultipleAndTheWarmUpUsesIt() {
        ServiceConfig worker = Fleet.worker();
        Node container = Workloads.container(manifests.get("Deployment", "udpm-worker"), "worker");
        int maxSize = Integer.parseInt(valueOrDefault(container, worker, "udpm.worker.batching.max-size"));
        int padMultiple = Integer.parseInt(valueOrDefault(container, worker, "udpm.worker.batching.pad-multiple"));
        int warmup = Integer.parseInt(valueOrDefault(container, worker, "udpm.worker.models.warmup-batch-size"));
        assertEquals(0, maxSize % padMultiple, "batching max-size " + maxSize + " must be a multiple of pad-multiple "
                + padMultiple + ", or full batches get padded");
        assertEquals(maxSize, warmup, "warm up at the batch size the worker will run");
    }

    @Test
    void theTrainerKeepsItsDataOnThePersistentVolumeAndRecreatesOnRollout() {
        Manifest trainer = manifests.get("Deployment", "udpm-trainer");
        Node container = Workloads.container(trainer, "trainer");
        String claim = Workloads.podSpec(trainer).at("volumes").items().stream()
                .filter(v -> v.at("persistentVolumeClaim").exists())
                .map(v -> v.at("persistentVolumeClaim", "claimName").text()).findFirst()
                .orElseThrow(() -> new AssertionError("the trainer needs a persistent volume"));
        assertTrue(manifests.find("PersistentVolumeClaim", claim).isPresent(), "PersistentVolumeClaim " + claim);
        assertTrue(container.at("volumeMounts").items().stream().anyMatch(m -> !m.at("readOnly").exists()
                && Workloads.podSpec(trainer).at("volumes").named(m.at("name").text()).orElseThrow()
                        .at("persistentVolumeClaim").exists()), "the trainer mounts its volume writable");
        assertEquals("Recreate", trainer.at("spec", "strategy", "type").text(),
                "a ReadWriteOnce volume cannot be mounted by the old and the new trainer at once");
        assertEquals(1, trainer.at("spec", "replicas").integer(), "one trainer");
    }

    @Test
    void theTrainersWorkspaceIsAWritableVolume() {
        Manifest trainer = manifests.get("Deployment", "udpm-trainer");
        Node container = Workloads.container(trainer, "trainer");
        assertWritableVolume(trainer, container, Workloads.envValue(container, "UDPM_TRAINER_WORKSPACE_DIR"));
    }

    @Test
    void theTrainerHasTimeToCheckpointItsRunBeforeItIsKilled() {
        Manifest trainer = manifests.get("Deployment", "udpm-trainer");
        Node container = Workloads.container(trainer, "trainer");
        Duration stopTimeout = QuarkusDuration.parse(valueOrDefault(container, Fleet.trainer(),
                "udpm.trainer.stop-timeout"));
        long grace = Workloads.podSpec(trainer).at("terminationGracePeriodSeconds").integer();
        assertTrue(grace >= stopTimeout.toSeconds() + 30, trainer.id() + ": terminationGracePeriodSeconds " + grace
                + " must exceed udpm.trainer.stop-timeout (" + stopTimeout + ") by at least 30 s, or the kubelet kills"
                + " the trainer while its run writes and uploads the shutdown checkpoint");
    }

    @Test
    void theTrainersFashionMnistIsInTheImageAndItsClassifierIsTrainedIntoItsVolume() {
        Manifest trainer = manifests.get("Deployment", "udpm-trainer");
        Node container = Workloads.container(trainer, "trainer");
        String fashion = valueOrDefault(container, Fleet.trainer(), "udpm.trainer.fashion-mnist-dir");
        if (underMount(container, fashion).isEmpty()) {
            Dockerfile image = Dockerfile.read(RepoPaths.docker().resolve("trainer.Dockerfile"));
            assertEquals(IMAGE_FASHION_MNIST, fashion, trainer.id() + ": udpm.trainer.fashion-mnist-dir is on no"
                    + " volume, so it must be where the image installs the dataset");
            assertTrue(image.runCommands().contains("apt-get install") && image.runCommands()
                    .contains("dataset-fashion-mnist"), "trainer.Dockerfile must install dataset-fashion-mnist");
        }

        String classifier = Workloads.envValue(container, "UDPM_TRAINER_CLASSIFIER_DIR");
        Node mount = underMount(container, classifier).orElseThrow(() -> new AssertionError(container.where()
                + ": UDPM_TRAINER_CLASSIFIER_DIR " + classifier + " must be on a volume (the image has none)"));
        Node volume = Workloads.podSpec(trainer).at("volumes").named(mount.at("name").text()).orElseThrow();
        assertTrue(volume.at("persistentVolumeClaim").exists(), volume.where()
                + ": keep the classifier on the persistent volume, or every pod start trains it again");
        Node init = Workloads.podSpec(trainer).at("initContainers").named("classifier").orElseThrow(
                () -> new AssertionError(trainer.id() + ": an init container 'classifier' must provide " + classifier));
        assertEquals(classifier, Workloads.envValue(init, "UDPM_TRAINER_CLASSIFIER_DIR"),
                "the init container trains the classifier where the trainer reads it");
        assertEquals(fashion, Workloads.envValue(init, "UDPM_TRAINER_FASHION_MNIST_DIR"),
                "the init container trains on the trainer's Fashion-MNIST");
        assertEquals(container.at("image").text(), init.at("image").text(),
                "the init container runs the trainer image");
        assertTrue(init.at("args").items().stream().anyMatch(a -> a.text().contains("ClassifierTrainingCommand")),
                init.where() + " must run dev.udpm.trainer.eval.ClassifierTrainingCommand");
        Node initMount = underMount(init, classifier).orElseThrow(() -> new AssertionError(init.where()
                + ": must mount the volume holding " + classifier));
        assertEquals(mount.at("name").text(), initMount.at("name").text(), "same volume in both containers");
        assertEquals(mount.at("mountPath").text(), initMount.at("mountPath").text(), "same mount path in both");
        assertFalse(initMount.at("readOnly").optionalText().orElse("false").equals("true"), initMount.where());
    }

    /** The mount whose path contains {@code path}, if any. */
    private static Optional<Node> underMount(Node container, String path) {
        return container.at("volumeMounts").items().stream()
                .filter(m -> path.equals(m.at("mountPath").text()) || path.startsWith(m.at("mountPath").text() + "/"))
                .findFirst();
    }

    private static String valueOrDefault(Node container, ServiceConfig service, String key) {
        String env = EnvNames.of(key);
        return Workloads.env(container, env).map(e -> e.at("value").text()).orElseGet(() -> service.defaultOf(key));
    }

    /** Asserts that {@code path} is the mount path of a writable emptyDir or PVC volume; returns the volume. */
    private static Node assertWritableVolume(Manifest workload, Node container, String path) {
        Node mount = Workloads.mountAt(container, path).orElseThrow(() -> new AssertionError(
                container.where() + ": " + path + " must be the mount path of a volume (the root file system is"
                        + " read-only)"));
        assertFalse(mount.at("readOnly").optionalText().orElse("false").equals("true"), mount.where() + ": readOnly");
        Node volume = Workloads.podSpec(workload).at("volumes").named(mount.at("name").text()).orElseThrow();
        assertTrue(volume.at("emptyDir").exists() || volume.at("persistentVolumeClaim").exists(),
                volume.where() + ": must be an emptyDir or a persistent volume");
        return volume;
    }
}
