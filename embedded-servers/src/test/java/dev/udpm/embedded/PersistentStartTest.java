package dev.udpm.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
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

/** The persistent variants used by the local fleet: data and address survive a restart. */
class PersistentStartTest {

    @TempDir
    Path dir;

    @Test
    void persistentBrokerKeepsItsDataDirAndRecordsAcrossARestartOnTheSamePort() throws Exception {
        Path data = dir.resolve("kafka");
        int[] free = FreePort.next(2);
        int port = free[0];
        int controller = free[1];
        try (EmbeddedKafka first = EmbeddedKafka.startPersistent(data, port, controller)) {
            assertEquals("127.0.0.1:" + port, first.bootstrapServers());
            first.createTopics(TopicSpec.of("survives", 1));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("survives", "k1", "v1")).get();
            }
        }
        assertTrue(Files.exists(data.resolve(EmbeddedKafka.META_PROPERTIES)),
                "close() of a persistent broker must keep its formatted data dir " + data);
        String clusterIdBefore = Files.readString(data.resolve(EmbeddedKafka.META_PROPERTIES));

        try (EmbeddedKafka second = EmbeddedKafka.startPersistent(data, port, controller)) {
            assertEquals(clusterIdBefore, Files.readString(data.resolve(EmbeddedKafka.META_PROPERTIES)),
                    "a restart must reuse the existing storage, not format a new cluster");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers()),
                    new StringDeserializer(), new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("survives", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.key() + "=" + r.value());
                    }
                }
            }
            assertEquals(List.of("k1=v1"), values, "the record written before the restart must be read after it");
        }
    }

    @Test
    void filesystemS3OnAFixedPortWithFixedKeysServesObjectsAcrossARestart() throws Exception {
        Path data = dir.resolve("s3");
        int port = FreePort.next();
        byte[] bytes = "persisted".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedS3 first = EmbeddedS3.startFilesystem(data, port, "local-key", "local-secret")) {
            assertEquals("http://127.0.0.1:" + port, first.endpoint());
            assertEquals("local-key", first.accessKey());
            first.createBucket("bucket-a");
            client(first).putObject(PutObjectArgs.builder().bucket("bucket-a").object("a/b.txt")
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        }
        assertTrue(Files.isRegularFile(data.resolve("bucket-a/a/b.txt")), "objects must be files under " + data);
        try (EmbeddedS3 second = EmbeddedS3.startFilesystem(data, port, "local-key", "local-secret");
             InputStream in = client(second).getObject(GetObjectArgs.builder().bucket("bucket-a").object("a/b.txt")
                     .build())) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void blankCredentialsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> EmbeddedS3.startFilesystem(dir, 0, " ", "secret"));
    }

    private static MinioClient client(EmbeddedS3 s3) {
        return MinioClient.builder().endpoint(s3.endpoint()).region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey()).build();
    }
}
