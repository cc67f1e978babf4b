package dev.udpm.deploy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.udpm.deploy.Fleet;
import dev.udpm.deploy.config.ConfigKey;
import dev.udpm.deploy.config.ServiceConfig;
import dev.udpm.schemas.Topics;
import org.junit.jupiter.api.Test;

/** The Kafka cluster and its topics agree with the topic constants of {@code udpm-schemas}. */
class KafkaTopicsTest {

    private final Manifests manifests = Fleet.manifests();

    @Test
    void theTopicsAreExactlyTheConstantsOfSchemasTopics() {
        List<String> declared = manifests.ofKind("KafkaTopic").stream().map(KafkaTopicsTest::topicName).toList();
        assertEquals(Topics.ALL, declared, "KafkaTopic resources (020-...) must declare exactly Topics.ALL, in order");
    }

    @Test
    void everyTopicTheServicesConfigureIsDeclared() {
        for (ServiceConfig service : List.of(Fleet.worker(), Fleet.trainer())) {
            for (ConfigKey key : service.keys()) {
                if (key.name().startsWith("mp.messaging.") && key.name().endsWith(".topic")) {
                    // Production values only: a test profile may use topics of its own.
                    service.property(key.name()).ifPresent(topic -> assertTrue(Topics.ALL.contains(topic),
                            service.module() + " " + key.name() + " = " + topic
                                    + " is no topic of Topics.ALL, and the cluster does not auto-create topics"));
                }
            }
        }
    }

    @Test
    void theModelsTopicIsCompactedAndNoOtherIs() {
        for (Manifest topic : manifests.ofKind("KafkaTopic")) {
            String policy = topic.at("spec", "config", "cleanup.policy").text();
            if (topicName(topic).equals(Topics.MODELS)) {
                assertEquals("compact", policy, topic.id() + ": the latest announcement per model must survive");
            } else {
                assertEquals("delete", policy, topic.id() + ": only " + Topics.MODELS + " is compacted");
            }
        }
    }

    @Test
    void everyTopicBelongsToTheClusterAndSurvivesOneBrokerDown() {
        Manifest kafka = manifests.only("Kafka");
        int brokers = manifests.ofKind("KafkaNodePool").stream()
                .filter(pool -> pool.at("spec", "roles").items().stream().anyMatch(r -> r.text().equals("broker")))
                .mapToInt(pool -> pool.at("spec", "replicas").integer()).sum();
        int minInSync = kafka.at("spec", "kafka", "config", "min.insync.replicas").integer();
        for (Manifest topic : manifests.ofKind("KafkaTopic")) {
            assertEquals(kafka.name(), topic.labels().get("strimzi.io/cluster"), topic.id() + ": strimzi.io/cluster");
            int replicas = topic.at("spec", "replicas").integer();
            assertTrue(replicas <= brokers, topic.id() + ": " + replicas + " replicas on " + brokers + " brokers");
            assertTrue(minInSync < replicas, topic.id() + ": with min.insync.replicas = " + minInSync + " and "
                    + replicas + " replicas, one broker down would stop writes");
            assertTrue(topic.at("spec", "partitions").integer() >= 1, topic.id());
        }
        assertEquals("false", kafka.at("spec", "kafka", "config", "auto.create.topics.enable").text(),
                "topics come only from KafkaTopic resources, so a misspelt name fails instead of creating a topic");
    }

    @Test
    void theClusterRunsInKraftModeOnNodePoolsThatAreControllersAndBrokers() {
        Manifest kafka = manifests.only("Kafka");
        assertTrue(kafka.at("spec", "kafka", "metadataVersion").exists(), "KRaft metadata version");
        assertTrue(!kafka.at("spec", "zookeeper").exists(), "no ZooKeeper: KRaft only");
        List<String> roles = manifests.ofKind("KafkaNodePool").stream()
                .flatMap(pool -> pool.at("spec", "roles").items().stream().map(Node::text)).distinct().sorted().toList();
        assertEquals(List.of("broker", "controller"), roles, "node pools must provide KRaft controllers and brokers");
        assertTrue(kafka.at("spec", "entityOperator", "topicOperator").exists(),
                "the topic operator must run, or KafkaTopic resources do nothing");
    }

    /** {@code spec.topicName}, else {@code metadata.name} (Strimzi's rule). */
    static String topicName(Manifest topic) {
        return topic.at("spec", "topicName").optionalText().orElse(topic.name());
    }
}
