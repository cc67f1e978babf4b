package dev.udpm.deploy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udpm.deploy.Fleet;
import dev.udpm.deploy.RepoPaths;
import dev.udpm.deploy.config.ServiceConfig;
import dev.udpm.schemas.Topics;
import org.junit.jupiter.api.Test;

/**
 * The KEDA ScaledObject scales the worker on the lag of the group the worker really consumes in (read from
 * worker/src/main/resources/application.properties), on the jobs topic, up to its partition count.
 */
class AutoscalingTest {

    private static final String JOBS_CHANNEL = "mp.messaging.incoming.jobs.";

    private final Manifests manifests = Fleet.manifests();
    private final Manifest scaledObject = manifests.get("ScaledObject", "udpm-worker");
    private final Node trigger = scaledObject.at("spec", "triggers").items().stream()
            .filter(t -> t.at("type").text().equals("kafka")).findFirst()
            .orElseThrow(() -> new AssertionError("the worker's ScaledObject needs a kafka trigger"));

    @Test
    void theTriggerWatchesTheWorkersConsumerGroupOnTheJobsTopic() {
        ServiceConfig worker = Fleet.worker();
        String group = worker.property(JOBS_CHANNEL + "group.id").orElseThrow(() -> new AssertionError(
                "worker application.properties sets no " + JOBS_CHANNEL + "group.id: KEDA must name the group"));
        assertFalse(group.contains("${"), "the jobs group must be one name shared by all workers, got " + group);
        assertEquals(group, trigger.at("metadata", "consumerGroup").text(), "KEDA consumerGroup");
        String topic = worker.property(JOBS_CHANNEL + "topic").orElseThrow(() -> new AssertionError(
                "worker application.properties sets no " + JOBS_CHANNEL + "topic (the channel name would be used)"));
        assertEquals(Topics.JOBS, topic, "the worker's jobs channel must consume Topics.JOBS");
        assertEquals(Topics.JOBS, trigger.at("metadata", "topic").text(), "KEDA topic");
    }

    @Test
    void theTriggerResetsOffsetsLikeTheWorker() {
        String workerReset = Fleet.worker().property(JOBS_CHANNEL + "auto.offset.reset").orElse("latest");
        assertEquals(workerReset, trigger.at("metadata", "offsetResetPolicy").text(),
                "KEDA offsetResetPolicy must match the worker's auto.offset.reset, or a new group's lag is misread");
    }

    /**
     * The scale-to-zero overlay (deploy/kubernetes-scale-to-zero) builds on the whole fleet and changes one thing:
     * the worker ScaledObject's minReplicaCount, to 0; the base wakes on the first record (activation at lag 0).
     */
    @Test
    void theScaleToZeroOverlayOnlyLowersTheWorkersMinimumToZero() {
        Node overlay = Manifests.parse(RepoPaths.root().resolve("deploy/kubernetes-scale-to-zero")
                .resolve(Manifests.KUSTOMIZATION)).get(0).root();
        assertEquals(java.util.List.of("../kubernetes"), overlay.at("resources").items().stream().map(Node::text)
                .toList(), "the overlay applies the whole fleet");
        java.util.List<Node> patches = overlay.at("patches").items();
        assertEquals(1, patches.size(), "one patch");
        Node target = patches.get(0).at("target");
        assertEquals("ScaledObject", target.at("kind").text());
        assertEquals(scaledObject.name(), target.at("name").text());
        assertEquals(scaledObject.apiVersion(), target.at("group").text() + "/" + target.at("version").text());
        @SuppressWarnings("unchecked")
        java.util.List<java.util.Map<String, Object>> ops = (java.util.List<java.util.Map<String, Object>>)
                new org.yaml.snakeyaml.Yaml().load(patches.get(0).at("patch").text());
        assertEquals(java.util.List.of(java.util.Map.of("op", "replace", "path", "/spec/minReplicaCount", "value",
                0)), ops, "the patch sets minReplicaCount to 0 and nothing else");
        assertEquals("0", trigger.at("metadata", "activationLagThreshold").text(),
                "the first record on udpm.jobs must wake a fleet at 0 replicas");
    }

    @Test
    void maxReplicasEqualsTheJobsPartitionsAndMinIsAtLeastOne() {
        Manifest jobs = manifests.ofKind("KafkaTopic").stream()
                .filter(t -> KafkaTopicsTest.topicName(t).equals(Topics.JOBS)).findFirst().orElseThrow();
        int partitions = jobs.at("spec", "partitions").integer();
        int max = scaledObject.at("spec", "maxReplicaCount").integer();
        int min = scaledObject.at("spec", "minReplicaCount").integer();
        assertEquals(partitions, max, "maxReplicaCount must equal the partitions of " + Topics.JOBS
                + ": more workers would idle, fewer would leave partitions to share");
        assertTrue(min >= 1 && min <= max, "1 <= minReplicaCount <= maxReplicaCount, got " + min);
        assertEquals("false", trigger.at("metadata", "allowIdleConsumers").text(), "no idle consumers");
        assertTrue(Integer.parseInt(trigger.at("metadata", "lagThreshold").text()) > 0, "lagThreshold");
    }

    @Test
    void theTriggerUsesTheWorkersBootstrapServersAndTargetsTheWorkerDeployment() {
        Manifest fleet = manifests.get("ConfigMap", "udpm-fleet");
        Node workerEnv = Workloads.env(Workloads.container(manifests.get("Deployment", "udpm-worker"), "worker"),
                "KAFKA_BOOTSTRAP_SERVERS").orElseThrow();
        String key = workerEnv.at("valueFrom", "configMapKeyRef", "key").text();
        assertEquals(fleet.at("data", key).text(), trigger.at("metadata", "bootstrapServers").text(),
                "KEDA must read lag from the brokers the workers use");
        Manifest kafka = manifests.only("Kafka");
        Node tls = kafka.at("spec", "kafka", "listeners").named("tls").orElseThrow();
        assertEquals(kafka.name() + "-kafka-bootstrap." + kafka.namespace() + ".svc:" + tls.at("port").text(),
                trigger.at("metadata", "bootstrapServers").text(), "Strimzi's bootstrap Service on the tls listener");
        assertEquals("Deployment", scaledObject.at("spec", "scaleTargetRef", "kind").text());
        assertEquals("udpm-worker", scaledObject.at("spec", "scaleTargetRef", "name").text());
        assertFalse(manifests.get("Deployment", "udpm-worker").at("spec", "replicas").exists(),
                "KEDA owns the worker's replicas: spec.replicas would reset them on every apply");
    }
}
