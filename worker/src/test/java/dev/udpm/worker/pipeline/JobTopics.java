package dev.udpm.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.validation.ContractValidator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The client side of the end-to-end tests: writes records to {@code udpm.jobs} and reads {@code udpm.job-events}
 * and {@code udpm.jobs.dlq} from the beginning, checking every job event's CloudEvents binding and schema.
 */
final class JobTopics implements AutoCloseable {

    private final String bootstrapServers;
    /** Client properties besides the bootstrap servers (security settings), shared by producer and consumers. */
    private final Map<String, Object> clientProperties;
    private final KafkaProducer<String, byte[]> producer;

    JobTopics(String bootstrapServers) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A client with these properties ({@code bootstrap.servers} and e.g. SASL_SSL settings). */
    JobTopics(Map<String, Object> clientProperties) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.bootstrapServers = String.valueOf(clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        Map<String, Object> producerProperties = new java.util.HashMap<>(clientProperties);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
    }

    /** Writes a job (or any JSON) keyed {@code key} to udpm.jobs. */
    RecordMetadata send(String key, String json) {
        return send(key, json.getBytes(StandardCharsets.UTF_8), null);
    }

    /** Writes raw bytes keyed {@code key} to udpm.jobs, to {@code partition} if not null. */
    RecordMetadata send(String key, byte[] value, Integer partition) {
        try {
            return producer.send(new ProducerRecord<>(Topics.JOBS, partition, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not write to " + Topics.JOBS + " at " + bootstrapServers, e);
        }
    }

    /**
     * Reads the events of {@code jobId} until {@code done} holds for them (in order), each checked for its
     * CloudEvents headers, key and schema.
     *
     * @throws AssertionError on timeout, listing the events seen
     */
    List<JobEvent> awaitEvents(String jobId, Predicate<List<JobEvent>> done, Duration timeout) {
        List<JobEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            fromTheBeginning(consumer, Topics.JOB_EVENTS);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                pollKeyed(consumer, jobId).forEach(record -> events.add(checkedEvent(record)));
                if (done.test(events)) {
                    return events;
                }
            }
        }
        throw new AssertionError("job " + jobId + ": condition not met within " + timeout + "; events seen: "
                + events.stream().map(JobEvent::eventType).toList());
    }

    /** Every event of {@code jobId} written so far (reads each partition to its current end). */
    List<JobEvent> currentEvents(String jobId) {
        List<JobEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = fromTheBeginning(consumer, Topics.JOB_EVENTS);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + Topics.JOB_EVENTS + " to its end " + ends);
                }
                pollKeyed(consumer, jobId).forEach(record -> events.add(checkedEvent(record)));
            }
        }
        return events;
    }

    /** The events of {@code jobId} once one of them is terminal. */
    List<JobEvent> awaitTerminal(String jobId, Duration timeout) {
        return awaitEvents(jobId, events -> events.stream().anyMatch(JobEvent::terminal), timeout);
    }

    /** The dead-lettered record keyed {@code key}. */
    ConsumerRecord<String, byte[]> awaitDeadLetter(String key, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            fromTheBeginning(consumer, Topics.JOBS_DLQ);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<String, byte[]>> found = pollKeyed(consumer, key);
                if (!found.isEmpty()) {
                    return found.get(0);
                }
            }
        }
        throw new AssertionError("no record keyed " + key + " on " + Topics.JOBS_DLQ + " within " + timeout);
    }

    /** Assigns {@code consumer} every partition of {@code topic}, read from the beginning; returns them. */
    static List<TopicPartition> fromTheBeginning(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /** The records keyed {@code key} of one poll (at most 200 ms), in order. */
    private static List<ConsumerRecord<String, byte[]>> pollKeyed(KafkaConsumer<String, byte[]> consumer,
            String key) {
        List<ConsumerRecord<String, byte[]>> keyed = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (key.equals(record.key())) {
                keyed.add(record);
            }
        }
        return keyed;
    }

    /** The UTF-8 value of header {@code name}, or null. */
    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A job event record checked against the CloudEvents Kafka binding (binary mode) and the schema. */
    static JobEvent checkedEvent(ConsumerRecord<String, byte[]> record) {
        JobEvent event = ContractValidator.shared().parseJobEvent(new String(record.value(), StandardCharsets.UTF_8));
        assertEquals(event.jobId(), record.key(), "key = jobId");
        assertDoesNotThrow(() -> UUID.fromString(header(record, CloudEvents.HEADER_ID)), "ce_id is a UUID");
        assertTrue(header(record, CloudEvents.HEADER_SOURCE).startsWith("/udpm/worker/"), "ce_source");
        assertEquals(event.cloudEventType(), header(record, CloudEvents.HEADER_TYPE), "ce_type");
        assertEquals(CloudEvents.SPEC_VERSION, header(record, CloudEvents.HEADER_SPEC_VERSION), "ce_specversion");
        assertDoesNotThrow(() -> OffsetDateTime.parse(header(record, CloudEvents.HEADER_TIME)), "ce_time RFC 3339");
        assertEquals(CloudEvents.CONTENT_TYPE_JSON, header(record, CloudEvents.HEADER_CONTENT_TYPE), "content-type");
        return event;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> consumerProperties = new java.util.HashMap<>(clientProperties);
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        producer.close();
    }
}
