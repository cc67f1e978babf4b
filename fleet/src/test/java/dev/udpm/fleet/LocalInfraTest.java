package dev.udpm.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.udpm.schemas.Topics;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broker + S3 of the launcher: from a clean data folder, across a restart, and the ports after stop. */
class LocalInfraTest {

    @TempDir
    Path dir;

    @Test
    void cleanStartCreatesTopicsAndBucketAndARestartKeepsRecordsAndObjectsAndStopFreesThePorts() throws Exception {
        FleetConfig config = TestFleets.config(dir.resolve("data"), List.of());
        byte[] png = "not really a png".getBytes(StandardCharsets.UTF_8);

        try (Fleet fleet = new Fleet(config, System.out).start()) {
            assertTrue(Files.exists(config.stateFile()), "a running fleet has a state file");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get();
                assertTrue(topics.containsAll(Topics.ALL), "every UDPM topic must exist, found " + topics);
                assertEquals(4, admin.describeTopics(List.of(Topics.JOBS)).allTopicNames().get().get(Topics.JOBS)
                        .partitions().size());
            }
            assertTrue(s3(config).bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build()));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.JOBS, 0, "job-before-restart", "{\"survives\":true}")).get();
            }
            s3(config).putObject(PutObjectArgs.builder().bucket(config.bucket()).object("jobs/j1/000000.png")
                    .stream(new ByteArrayInputStream(png), png.length, -1).build());
        }
        assertFalse(Files.exists(config.stateFile()), "stop removes the state file");
        assertEquals(List.of(), Ports.busy(config.ports()), "every port must be free after stop");
        assertTrue(Files.isRegularFile(config.s3Dir().resolve(config.bucket()).resolve("jobs/j1/000000.png")),
                "objects are plain files under data/s3/<bucket>/");

        try (Fleet again = new Fleet(config, System.out).start()) {
            assertEquals(List.of("job-before-restart={\"survives\":true}"), partitionZero(config),
                    "the record written before the restart must be read after it");
            try (InputStream in = s3(config).getObject(GetObjectArgs.builder().bucket(config.bucket())
                    .object("jobs/j1/000000.png").build())) {
                assertArrayEquals(png, in.readAllBytes(), "the object written before the restart must be served after it");
            }
        }
        assertEquals(List.of(), Ports.busy(config.ports()), "every port must be free after the second stop");
    }

    @Test
    void aBusyPortIsNamedAndNothingIsLeftRunning() throws Exception {
        FleetConfig config = TestFleets.config(dir.resolve("busy"), List.of());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(config.s3Port(), 1,
                java.net.InetAddress.getLoopbackAddress())) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> new Fleet(config, System.out).start());
            assertTrue(e.getMessage().contains("port " + "[" + config.s3Port() + "] on 127.0.0.1 is already in use"),
                    e.getMessage());
        }
        assertEquals(List.of(), Ports.busy(config.ports()));
        assertFalse(Files.exists(config.stateFile()));
    }

    static MinioClient s3(FleetConfig config) {
        return MinioClient.builder().endpoint(config.s3Endpoint()).region("us-east-1")
                .credentials(config.accessKey(), config.secretKey()).build();
    }

    static List<String> partitionZero(FleetConfig config) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.JOBS, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.key() + "=" + r.value());
                }
            }
        }
        return values;
    }
}
