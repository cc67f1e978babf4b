package dev.udpm.worker.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes what a careless or hostile client could write to {@code udpm.jobs}: any key bytes, any value bytes, any
 * headers, records up to the broker's size limit; and reads the job intake's committed offsets.
 */
final class HostileWriter implements AutoCloseable {

    /** The intake's consumer group (mp.messaging.incoming.jobs.group.id). */
    static final String INTAKE_GROUP = "udpm-workers";

    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;

    private final String bootstrapServers;

    HostileWriter(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"), new ByteArraySerializer(), new ByteArraySerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** The binary-mode CloudEvents headers a well-behaved client sends with a job request. */
    static Map<String, String> goodCloudEventHeaders() {
        return new LinkedHashMap<>(CloudEvents.binaryModeHeaders(CloudEvents.TYPE_JOB_REQUEST, "/udpm/test",
                Instant.now()));
    }

    /** UTF-8 headers, in map order. */
    static List<Header> headers(Map<String, String> headers) {
        List<Header> list = new ArrayList<>();
        headers.forEach((name, value) -> list.add(new RecordHeader(name, value == null ? null
                : value.getBytes(StandardCharsets.UTF_8))));
        return list;
    }

    /** Writes one record to udpm.jobs ({@code key} null for none, {@code partition} null for the key's). */
    RecordMetadata send(String key, byte[] value, Integer partition, List<Header> headers) {
        try {
            return producer.send(new ProducerRecord<>(Topics.JOBS, partition,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not write to " + Topics.JOBS, e);
        }
    }

    /** {@link #send} of a UTF-8 value. */
    RecordMetadata send(String key, String value, Integer partition, List<Header> headers) {
        return send(key, value.getBytes(StandardCharsets.UTF_8), partition, headers);
    }

    /** The intake's committed offset of {@code partition} of udpm.jobs (-1 when none). */
    long committed(int partition) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(INTAKE_GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(Topics.JOBS, partition));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new AssertionError("could not read the offsets of group " + INTAKE_GROUP, e);
        }
    }

    /** The first record on udpm.jobs.dlq (read from the beginning) that {@code match} accepts. */
    ConsumerRecord<byte[], byte[]> awaitDeadLetter(Predicate<ConsumerRecord<byte[], byte[]>> match, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = deadLetterConsumer()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + Topics.JOBS_DLQ + " within " + timeout);
    }

    /**
     * A consumer of udpm.jobs.dlq (raw keys and values, fetches up to 8 MiB a partition) assigned every partition
     * from the beginning; the caller closes it.
     */
    KafkaConsumer<byte[], byte[]> deadLetterConsumer() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            JobTopics.fromTheBeginning(consumer, Topics.JOBS_DLQ);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** The dead letter whose key is {@code key} (UTF-8). */
    ConsumerRecord<byte[], byte[]> awaitDeadLetter(String key, Duration timeout) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return awaitDeadLetter(record -> Arrays.equals(bytes, record.key()), timeout);
    }

    /** How long the intake may take to commit past a record: the throttled strategy commits every second. */
    static Duration commitWait() {
        return Duration.ofSeconds(60);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
