package dev.udpm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.status.JobPhase;
import dev.udpm.schemas.status.JobState;
import dev.udpm.schemas.status.JobStateFold;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The client through the real broker's SASL_SSL listener (SCRAM-SHA-512, self-signed certificate trusted through a
 * PEM CA file), as the production listener of {@code deploy/kubernetes} wants it: a submit arrives with its
 * CloudEvents headers, a job's events are read back and folded; a wrong password or an untrusted certificate is a
 * {@link FleetException} that names the address and never the password.
 */
class SecureFleetKafkaTest {

    private static final Duration CONNECT = Duration.ofSeconds(2);

    private static FleetKafka secure(String password, java.nio.file.Path ca) {
        KafkaSecurity security = new KafkaSecurity(KafkaSecurity.Protocol.SASL_SSL, TestBroker.USER,
                Secret.of(password), ca, null);
        return new FleetKafka(new KafkaSettings(TestBroker.secureBootstrap(), CONNECT, "udpm-client-test", security),
                "/udpm/client-test");
    }

    @Test
    void aSubmitOverScramAndTlsArrivesWithItsCloudEventsHeaders() {
        String jobId = "secure-" + UUID.randomUUID();
        String body = "{\"type\":\"generate\",\"jobId\":\"" + jobId + "\"}";
        RecordMetadata sent = secure(TestBroker.PASSWORD, TestBroker.caFile())
                .send(Topics.JOBS, jobId, body, CloudEvents.TYPE_JOB_REQUEST);

        ConsumerRecord<String, String> got = readAt(new TopicPartition(Topics.JOBS, sent.partition()), sent.offset());
        assertEquals(jobId, got.key());
        assertEquals(body, got.value());
        assertEquals("/udpm/client-test", header(got, CloudEvents.HEADER_SOURCE));
        assertEquals(CloudEvents.TYPE_JOB_REQUEST, header(got, CloudEvents.HEADER_TYPE));
    }

    @Test
    void aJobsEventsAreReadOverScramAndTlsAndFoldedAsTheFleetFoldsThem() throws Exception {
        String jobId = "secure-events-" + UUID.randomUUID();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<JobEvent> written = List.of(new JobAccepted(jobId, t, "w1", null),
                new JobProgress(jobId, t, "w1", null, 1, 2),
                new JobCompleted(jobId, t, "w1", null, List.of(StoredObject.of("jobs/" + jobId + "/000000.png",
                        "a".repeat(64), 10, "image/png")), "jobs/" + jobId + "/manifest.json", "m", "v1",
                        new Timings(1, 2, 3)));
        try (var producer = TestBroker.producer()) {
            for (JobEvent e : written) {
                producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, jobId, Json.write(e))).get();
            }
            // another job's event on the same topic, and an invalid one of this job: neither is returned
            producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, "other-" + jobId,
                    Json.write(new JobAccepted("other-" + jobId, t, "w1", null)))).get();
            producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, jobId, "{not json")).get();
        }
        List<String> warnings = new ArrayList<>();
        List<JobEvent> read;
        try (JobEventLog log = JobEventLog.open(secure(TestBroker.PASSWORD, TestBroker.caFile()), warnings::add,
                jobId)) {
            read = log.snapshot(jobId);
        }
        assertEquals(written, read);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("skipped an invalid event of job " + jobId), warnings.get(0));
        JobState state = JobStateFold.fold(read);
        assertEquals(JobPhase.COMPLETED, state.status());
        assertEquals("v1", state.modelVersion());
    }

    @Test
    void aWrongPasswordIsRefusedWithoutShowingIt() {
        String wrong = "wrong-" + UUID.randomUUID();
        FleetException e = assertThrows(FleetException.class,
                () -> secure(wrong, TestBroker.caFile()).partitions(Topics.JOB_EVENTS));
        assertEquals(FleetException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains(TestBroker.secureBootstrap()), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), "the password must not be in the message: " + e.getMessage());
        assertFalse(String.valueOf(e.getCause()).contains(wrong), "nor in its cause");
    }

    @Test
    void aBrokerCertificateNotSignedByTheGivenCaIsRefused() throws Exception {
        // the JVM's default trust store does not hold the broker's self-signed certificate
        FleetException e = assertThrows(FleetException.class,
                () -> secure(TestBroker.PASSWORD, null).partitions(Topics.JOB_EVENTS));
        assertEquals(FleetException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains(TestBroker.secureBootstrap()), e.getMessage());
    }

    @Test
    void thePlainListenerStillServesAPlainClient() {
        FleetKafka plain = new FleetKafka(new KafkaSettings(TestBroker.plainBootstrap(), CONNECT, null, null),
                "/udpm/client-test");
        assertEquals(4, plain.partitions(Topics.JOB_EVENTS).size());
    }

    private static ConsumerRecord<String, String> readAt(TopicPartition partition, long offset) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", TestBroker.plainBootstrap()), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no record at " + partition + "@" + offset);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
