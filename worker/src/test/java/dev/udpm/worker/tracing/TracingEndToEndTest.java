package dev.udpm.worker.tracing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.storage.ObjectStore;
import dev.udpm.worker.jobs.JobTrace;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import dev.udpm.worker.models.ModelRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing through the real broker and S3 server, tiny bundled model, OpenTelemetry SDK on, spans collected in memory
 * ({@link InMemorySpans}): a job posted to {@code POST /v1/jobs} is one trace from the REST call through the
 * {@code udpm.jobs} record (W3C {@code traceparent} header) to the worker's job span, its stages and its events,
 * whose {@code traceId} names it; a job written straight to Kafka with a {@code traceparent} continues that trace;
 * a bulk job is one trace too: its split, every shard's execution, its completion and all its events.
 */
@QuarkusTest
@TestProfile(TracingEndToEndTest.TracingOn.class)
class TracingEndToEndTest {

    /** The SDK on (it is off by default), spans exported every 100 ms; only to the in-memory exporter. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "100ms");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String MODEL = BundledTinyModelResource.NAME;
    static final String KEY = "test-key-1";
    /** The stages of a whole job of PNGs (no grid) that every trace must hold. */
    static final Set<String> STAGES = Set.of(JobTrace.Stage.QUEUE_WAIT, JobTrace.Stage.ADMIT,
            JobTrace.Stage.BATCH_WAIT, JobTrace.Stage.CHAIN, JobTrace.Stage.ENCODE, JobTrace.Stage.UPLOAD,
            JobTrace.Stage.FINALIZE, JobTrace.Stage.EVENT);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    ObjectStore store;

    @Inject
    ModelRegistry registry;

    @BeforeEach
    void modelLoaded() {
        await().atMost(WAIT).until(() -> registry.loaded().stream().anyMatch(m -> m.name().equals(MODEL)));
    }

    @Test
    void aJobPostedOverRestIsOneTraceFromTheFrontDoorToItsEvents() {
        String first = "trace-rest-" + UUID.randomUUID();
        String second = "trace-rest-" + UUID.randomUUID();
        for (String id : List.of(first, second)) {
            given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                    .body(Requests.generate(id, MODEL, 3, 7, "\"classLabels\":[1,2,3]")).when().post("/v1/jobs")
                    .then().statusCode(202);
        }
        Set<String> traceIds = new HashSet<>();
        for (String id : List.of(first, second)) {
            List<JobEvent> events = awaitTerminal(id);
            String traceId = oneTraceId(id, events);
            traceIds.add(traceId);
            assertEquals(traceId, traceIdOf(jobRecordHeader(id, "traceparent")),
                    "the udpm.jobs record written by the front door carries the trace in its traceparent header");

            SpanData job = awaitJobSpan(traceId);
            List<SpanData> trace = spansOf(traceId);
            SpanData server = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst()
                    .orElseThrow(() -> new AssertionError("no REST server span in " + names(trace)));
            assertTrue(server.getName().contains("/v1/jobs"), server.getName());
            assertTrue(!server.getParentSpanContext().isValid(), "the REST call starts the trace");
            SpanData producer = trace.stream().filter(s -> s.getKind() == SpanKind.PRODUCER
                    && s.getName().startsWith(Topics.JOBS + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no producer span for udpm.jobs in " + names(trace)));
            assertEquals(traceId, producer.getTraceId());
            assertStages(job, trace, id);
            assertEquals("completed", job.getAttributes().get(
                    io.opentelemetry.api.common.AttributeKey.stringKey(JobTrace.Attr.OUTCOME)));
            JobCompleted completed = (JobCompleted) events.get(events.size() - 1);
            assertTrue(store.exists(completed.manifestKey()), "the job ran through the real object store");
            assertTrue(store.exists(ObjectKeys.imageKey(id, 2)));
        }
        assertEquals(2, traceIds.size(), "one trace per job: " + traceIds);
    }

    @Test
    void aJobWrittenToKafkaWithATraceparentContinuesTheCallersTrace() {
        String id = "trace-kafka-" + UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String parentSpanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        sendWithTraceparent(id, Requests.generate(id, MODEL, 2, 11, "\"classLabels\":[4]"), traceId, parentSpanId);
        List<JobEvent> events = awaitTerminal(id);
        assertEquals(traceId, oneTraceId(id, events), "the job's events name the caller's trace");
        SpanData job = awaitJobSpan(traceId);
        assertEquals(parentSpanId, job.getParentSpanId(), "the job span is a child of the caller's span");
        assertStages(job, spansOf(traceId), id);
    }

    @Test
    void aBulkJobIsOneTraceFromItsRecordThroughItsSplitAndEveryShardToItsCompleted() throws Exception {
        String id = "trace-bulk-" + UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String parentSpanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        sendWithTraceparent(id, Requests.generate(id, MODEL, 20, 13, "\"classLabels\":[5],\"bulk\":true"), traceId,
                parentSpanId);
        List<JobEvent> events = awaitTerminal(id);
        assertEquals(traceId, oneTraceId(id, events), "every event of the bulk job, accepted to completed, and"
                + " its shards' progress name the caller's trace");
        assertEquals(Set.of("accepted", "progress", "completed"), events.stream().map(JobEvent::eventType)
                .collect(Collectors.toSet()));

        List<SpanData> trace = await().atMost(Duration.ofSeconds(10)).until(() -> spansOf(traceId),
                found -> found.stream().anyMatch(s -> s.getName().equals(JobTrace.BulkStep.COMPLETE))
                        && found.stream().filter(s -> s.getName().equals(OtelJobTracer.JOB_SPAN)).count() == 3);
        SpanData split = trace.stream().filter(s -> s.getName().equals(JobTrace.BulkStep.SPLIT)).findFirst()
                .orElseThrow(() -> new AssertionError("no split span in " + names(trace)));
        assertEquals(parentSpanId, split.getParentSpanId(), "the split continues the record's trace");
        List<SpanData> shards = trace.stream().filter(s -> s.getName().equals(OtelJobTracer.JOB_SPAN)).toList();
        assertEquals(Set.of(id + "#s0", id + "#s1", id + "#s2"), shards.stream().map(s -> s.getAttributes().get(
                io.opentelemetry.api.common.AttributeKey.stringKey("udpm.job.key"))).collect(Collectors.toSet()),
                "20 images in shards of 8: three shard executions, one trace");
        for (SpanData shard : shards) {
            assertEquals(split.getSpanId(), shard.getParentSpanId(), "each shard is a child of the split");
        }
        SpanData complete = trace.stream().filter(s -> s.getName().equals(JobTrace.BulkStep.COMPLETE)).findFirst()
                .orElseThrow();
        assertEquals(split.getSpanId(), complete.getParentSpanId(), "the completion continues bulk.json's context");
        for (int k = 0; k < 3; k++) {
            assertEquals(traceId, traceIdOf(jobRecordHeader(id + "#s" + k, "traceparent")),
                    "generate-shard " + k + " carries the bulk job's trace");
        }
        String plan = new String(store.get(ObjectKeys.bulkKey(id)), StandardCharsets.UTF_8);
        assertTrue(plan.contains("\"traceparent\":\"00-" + traceId + "-" + split.getSpanId() + "-01\""),
                "bulk.json keeps the split's context: " + plan);
    }

    /** Every stage is a child of the job span, in its trace; the event spans cover accepted and completed. */
    private void assertStages(SpanData job, List<SpanData> trace, String id) {
        assertEquals(id, job.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
                JobTrace.Attr.JOB_ID)));
        assertEquals(1, trace.stream().filter(s -> s.getName().equals(OtelJobTracer.JOB_SPAN)).count(),
                "one job span in the trace: " + names(trace));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> children = spansOf(job.getTraceId()).stream()
                    .filter(s -> s.getParentSpanId().equals(job.getSpanId())).toList();
            assertEquals(STAGES, children.stream().map(SpanData::getName).collect(Collectors.toSet()),
                    "stages of " + id);
            Set<String> events = children.stream().filter(s -> s.getName().equals(JobTrace.Stage.EVENT))
                    .map(s -> s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
                            JobTrace.Attr.EVENT_TYPE))).collect(Collectors.toSet());
            assertTrue(events.containsAll(Set.of("accepted", "completed")), "event spans: " + events);
            for (SpanData child : children) {
                assertTrue(child.getEndEpochNanos() >= child.getStartEpochNanos(), child.getName());
                assertTrue(child.getStartEpochNanos() >= job.getStartEpochNanos(), child.getName()
                        + " starts inside the job span");
            }
        });
    }

    /** The one traceId of {@code id}'s events: every event carries it. */
    private static String oneTraceId(String id, List<JobEvent> events) {
        assertEquals("completed", events.get(events.size() - 1).eventType(), "job " + id + " completed");
        Set<String> ids = events.stream().map(JobEvent::traceId).collect(Collectors.toSet());
        assertEquals(1, ids.size(), "every event of " + id + " names one trace: " + ids);
        String traceId = ids.iterator().next();
        assertNotNull(traceId, "events of " + id + " carry a traceId");
        assertTrue(traceId.matches("[0-9a-f]{32}") && !traceId.equals("0".repeat(32)), traceId);
        return traceId;
    }

    private SpanData awaitJobSpan(String traceId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> spansOf(traceId).stream()
                .filter(s -> s.getName().equals(OtelJobTracer.JOB_SPAN)).findFirst().orElse(null),
                span -> span != null);
    }

    private List<SpanData> spansOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getKind() + " " + s.getName() + " " + s.getSpanId() + "<-"
                + s.getParentSpanId()).toList();
    }

    private static String traceIdOf(String traceparent) {
        assertNotNull(traceparent, "traceparent header");
        String[] parts = traceparent.split("-");
        assertEquals(4, parts.length, traceparent);
        return parts[1];
    }

    /** Writes job {@code json} keyed {@code id} to udpm.jobs with a traceparent naming the caller's span. */
    private void sendWithTraceparent(String id, String json, String traceId, String parentSpanId) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.JOBS, id, json);
            record.headers().add("traceparent", ("00-" + traceId + "-" + parentSpanId + "-01")
                    .getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not write the job", e);
        }
    }

    private List<JobEvent> awaitTerminal(String jobId) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOB_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<JobEvent> events = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (jobId.equals(record.key())) {
                        events.add(dev.udpm.schemas.Json.read(record.value(), JobEvent.class));
                    }
                }
                if (events.stream().anyMatch(JobEvent::terminal)) {
                    return events;
                }
            }
            throw new AssertionError("job " + jobId + " did not end within " + WAIT + ": " + events);
        }
    }

    private String jobRecordHeader(String jobId, String name) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOBS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (jobId.equals(record.key())) {
                        Header header = record.headers().lastHeader(name);
                        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
                    }
                }
            }
            throw new AssertionError("no udpm.jobs record keyed " + jobId);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }
}
