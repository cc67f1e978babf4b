package dev.udpm.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    private static EmbeddedKafka kafka;
    private static Path dataDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        dataDir = kafka.dataDir();
    }

    @AfterAll
    static void stopBrokerDeletesItsLogDirectory() {
        kafka.close();
        kafka.close(); // idempotent
        assertFalse(Files.exists(dataDir), "close() must delete the broker's log directory " + dataDir);
    }

    @Test
    void recordProducedOnCreatedTopicIsConsumedWithKeyValueAndPartition() throws Exception {
        String topic = "round-trip-" + UUID.randomUUID();
        kafka.createTopics(TopicSpec.of(topic, 3));

        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = producer()) {
            sent = producer.send(new ProducerRecord<>(topic, 2, "job-42", "{\"hello\":\"kafka\"}")).get();
        }
        assertEquals(2, sent.partition(), "the broker must accept a write to partition 2 of a 3-partition topic");

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("round-trip")) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertEquals(1, received.size(), "exactly the one produced record must come back");
        ConsumerRecord<String, String> record = received.get(0);
        assertEquals("job-42", record.key());
        assertEquals("{\"hello\":\"kafka\"}", record.value());
        assertEquals(2, record.partition());
        assertEquals(sent.offset(), record.offset());
    }

    @Test
    void createdTopicsHaveTheRequestedPartitionsAndCleanupPolicy() throws Exception {
        String plain = "plain-" + UUID.randomUUID();
        String compacted = "compacted-" + UUID.randomUUID();
        kafka.createTopics(TopicSpec.of(plain, 4), TopicSpec.compacted(compacted, 2));

        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(plain, compacted)).allTopicNames().get();
            assertEquals(4, topics.get(plain).partitions().size());
            assertEquals(2, topics.get(compacted).partitions().size());

            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, cleanupPolicy(admin, compacted));
            assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, cleanupPolicy(admin, plain));
        }
    }

    @Test
    void creatingAnExistingTopicAgainKeepsItUnchanged() throws Exception {
        String topic = "twice-" + UUID.randomUUID();
        kafka.createTopics(TopicSpec.of(topic, 3));
        kafka.createTopics(TopicSpec.of(topic, 1));

        try (Admin admin = admin()) {
            assertTrue(admin.listTopics().names().get().contains(topic));
            assertEquals(3, admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().size(),
                    "a second createTopics call must not alter or fail on an existing topic");
        }
    }

    @Test
    void startupTimeAndBootstrapAddressAreReported() {
        assertTrue(kafka.startupMillis() > 0, "startup time must be measured");
        assertTrue(kafka.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), kafka.bootstrapServers());
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group + "-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
    }
}
