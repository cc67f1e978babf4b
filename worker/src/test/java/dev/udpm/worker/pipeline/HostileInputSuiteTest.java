package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.storage.ObjectInfo;
import dev.udpm.storage.ObjectStore;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.intake.DeadLetterHeaders;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input suite of the job intake (issue 14): replays classes of bad {@code udpm.jobs} records against the
 * real worker, broker and object store, with a valid job after every bad record, and prints per class: tried, records
 * that got a failed event, records that got a dead letter, hung (no dead letter), and at the end crashed (liveness or readiness not UP), records left
 * unacknowledged (the committed offset did not pass them) and objects outside {@code jobs/{jobId}/} (besides
 * {@code models/} and {@code dead-letters/}). Every valid job must complete.
 *
 * <p>The normal test run replays {@value #FAST_SLICE} record(s) per class; the whole suite is
 * {@code ./mvnw -B -pl worker -am test -Dtest=HostileInputSuiteTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dudpm.hostile.per-class=25}.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class HostileInputSuiteTest extends EndToEndTest {

    static final int FAST_SLICE = 1;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String MODEL = PipelineEndToEndTest.MODEL;
    private static final Pattern IN_A_JOB = Pattern.compile("jobs/[A-Za-z0-9][A-Za-z0-9._-]{0,127}/.+");

    @Inject
    ObjectStore store;

    /** One bad record: key (null for none), value, headers. */
    record Bad(String key, byte[] value, List<Header> headers) {
    }

    /** The record classes; each makes the i-th record of its class from a fresh jobId. */
    static Map<String, BiFunction<Integer, String, Bad>> classes() {
        Map<String, BiFunction<Integer, String, Bad>> classes = new LinkedHashMap<>();
        classes.put("not-json", (i, id) -> {
            byte[] bytes = new byte[1 + new Random(i).nextInt(200)];
            new Random(i).nextBytes(bytes);
            return new Bad(id, i % 3 == 0 ? "{\"type\":".getBytes(StandardCharsets.UTF_8) : bytes, List.of());
        });
        classes.put("wrong-types", (i, id) -> json(id, i, List.of("\"count\":\"2\",\"seed\":1", "\"count\":2,\"seed\":true",
                "\"count\":2,\"seed\":1,\"classLabels\":{}", "\"count\":2,\"seed\":1,\"priority\":1.5",
                "\"count\":[2],\"seed\":\"1\"")));
        classes.put("unknown-type", (i, id) -> new Bad(id, Requests.generate(id, MODEL, 2, 1, "")
                .replace("\"generate\"", List.of("\"explode\"", "null", "\"GENERATE\"", "[]").get(i % 4))
                .getBytes(StandardCharsets.UTF_8), List.of()));
        classes.put("hostile-ids", (i, id) -> {
            String hostile = List.of("../" + id, "a/b/" + id, "..", id + "\n", "x".repeat(129), "", " " + id,
                    "jobs/" + id, id + "\u0000", "%2e%2e").get(i % 10);
            return new Bad(hostile, Requests.generate(hostile.replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n").replace("\u0000", "\\u0000"), MODEL, 2, 1, "")
                    .getBytes(StandardCharsets.UTF_8), List.of());
        });
        classes.put("limits", (i, id) -> json(id, i, List.of("\"count\":2000000,\"seed\":1", "\"count\":0,\"seed\":1",
                "\"count\":2,\"seed\":-1", "\"count\":2,\"seed\":1,\"priority\":11",
                "\"count\":2,\"seed\":1,\"callback\":{\"k\":\"" + "v".repeat(5000) + "\"}")));
        classes.put("deep-nesting", (i, id) -> json(id, i, List.of(
                "\"count\":2,\"seed\":1,\"deep\":" + "[".repeat(1001) + "]".repeat(1001),
                "\"count\":2,\"seed\":1,\"deep\":" + "{\"a\":".repeat(1200) + "1" + "}".repeat(1200),
                "\"count\":2,\"seed\":1,\"classLabels\":" + "[".repeat(999) + "]".repeat(999))));
        classes.put("huge-numbers", (i, id) -> json(id, i, List.of("\"count\":2,\"seed\":1" + "0".repeat(1001),
                "\"count\":2,\"seed\":1e999999999", "\"count\":1e400,\"seed\":1",
                "\"count\":2,\"seed\":99999999999999999999999", "\"count\":-0.0e-999999,\"seed\":1")));
        classes.put("duplicate-keys", (i, id) -> new Bad(id, Requests.generate(id, MODEL, 2, 1,
                List.of("\"count\":3", "\"jobId\":\"" + id + "-other\"", "\"seed\":2", "\"type\":\"swap\"").get(i % 4))
                .getBytes(StandardCharsets.UTF_8), List.of()));
        classes.put("bad-headers", (i, id) -> {
            List<Header> headers = new ArrayList<>();
            String[][] bad = {{CloudEvents.HEADER_TIME, "yesterday"}, {CloudEvents.HEADER_TIME, "2025-01-01T00:00:00"},
                {CloudEvents.HEADER_SOURCE, "::"}, {CloudEvents.HEADER_SPEC_VERSION, "2.0"},
                {CloudEvents.HEADER_TYPE, "x"}, {CloudEvents.HEADER_ID, ""}, {CloudEvents.HEADER_CONTENT_TYPE, "a/b"}};
            String[] one = bad[i % bad.length];
            headers.add(new RecordHeader(one[0], one[1].getBytes(StandardCharsets.UTF_8)));
            return new Bad(id, Requests.generate(id, MODEL, 2, 1, "").getBytes(StandardCharsets.UTF_8), headers);
        });
        classes.put("oversized", (i, id) -> {
            List<Header> headers = new ArrayList<>();
            for (int h = 0; h < 3; h++) {
                headers.add(new RecordHeader("h" + h + "x".repeat(40_000), new byte[20_000]));
            }
            byte[] value = new byte[i % 2 == 0 ? 1_040_000 - 200_000 : 700_000];
            Arrays.fill(value, (byte) ' ');
            byte[] head = ("{\"type\":\"generate\",\"jobId\":\"" + id + "\",\"" + "n".repeat(40_000) + "\":1")
                    .getBytes(StandardCharsets.UTF_8);
            System.arraycopy(head, 0, value, 0, head.length);
            return new Bad(id, value, headers);
        });
        // A valid request under another key, or an invalid one under another key or none (a valid request without a
        // key is a normal job): none may fail the job its body names.
        classes.put("forged-keys", (i, id) -> new Bad(i % 3 == 2 ? null : id + "-forger",
                Requests.generate(id, MODEL, i % 3 == 0 ? 2 : 0, 1, "").getBytes(StandardCharsets.UTF_8), List.of()));
        return classes;
    }

    private static Bad json(String id, int i, List<String> variants) {
        return new Bad(id, ("{\"type\":\"generate\",\"jobId\":\"" + id + "\",\"submittedAt\":\"2025-01-31T12:00:00Z\","
                + "\"model\":{\"name\":\"" + MODEL + "\"}," + variants.get(i % variants.size())
                + "}").getBytes(StandardCharsets.UTF_8), List.of());
    }

    @Test
    void everyHostileRecordIsDeadLetteredNothingHangsEscapesOrCrashesAndValidJobsComplete() {
        int perClass = Integer.getInteger("udpm.hostile.per-class", FAST_SLICE);
        Map<String, List<RecordMetadata>> sent = new LinkedHashMap<>();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        List<String> valid = new ArrayList<>();
        try (HostileWriter hostile = new HostileWriter(bootstrapServers)) {
            for (Map.Entry<String, BiFunction<Integer, String, Bad>> kind : classes().entrySet()) {
                for (int i = 0; i < perClass; i++) {
                    String id = "hostile-" + kind.getKey() + "-" + i + "-" + UUID.randomUUID();
                    Bad bad = kind.getValue().apply(i, id);
                    RecordMetadata at = hostile.send(bad.key(), bad.value(), null, bad.headers());
                    sent.computeIfAbsent(kind.getKey(), k -> new ArrayList<>()).add(at);
                    keys.computeIfAbsent(kind.getKey(), k -> new ArrayList<>()).add(id);
                    String good = "hostile-valid-" + UUID.randomUUID();
                    topics.send(good, Requests.generate(good, MODEL, 1, i, "\"classLabels\":[1]"));
                    valid.add(good);
                }
            }

            Map<String, String> deadLetters = awaitDeadLetters(hostile, sent, WAIT);
            Map<String, Integer> failedEvents = failedEventsByKey();
            StringBuilder table = new StringBuilder(String.format("%n%-16s %6s %7s %7s %5s%n", "class", "tried",
                    "failed", "dead", "hung"));
            int hung = 0;
            for (String kind : sent.keySet()) {
                List<RecordMetadata> records = sent.get(kind);
                int dead = (int) records.stream().filter(r -> deadLetters.containsKey(position(r))).count();
                // Records with a failed event (a redelivery after a rebalance may write a second one: at-least-once).
                int failed = (int) keys.get(kind).stream().filter(k -> failedEvents.getOrDefault(k, 0) > 0).count();
                hung += records.size() - dead;
                table.append(String.format("%-16s %6d %7d %7d %5d%n", kind, records.size(), failed, dead,
                        records.size() - dead));
            }
            int completed = 0;
            for (String good : valid) {
                if (topics.awaitTerminal(good, WAIT).stream().filter(JobEvent::terminal)
                        .anyMatch(e -> e.eventType().equals("completed"))) {
                    completed++;
                }
            }
            int live = given().get("/q/health/live").statusCode();
            int ready = given().get("/q/health/ready").statusCode();
            int unacknowledged = unacknowledged(hostile, sent);
            List<String> escaped = store.list("").stream().map(ObjectInfo::key)
                    .filter(key -> !IN_A_JOB.matcher(key).matches() && !key.startsWith("models/")
                            && !key.startsWith("dead-letters/")).toList();
            table.append(String.format("valid jobs: %d sent, %d completed; crashed: %s; unacknowledged: %d;"
                    + " objects outside jobs/{jobId}/: %d %s%n", valid.size(), completed,
                    live == 200 && ready == 200 ? "no" : "live " + live + ", ready " + ready, unacknowledged,
                    escaped.size(), escaped));
            System.out.println(table);

            assertEquals(0, hung, "hung records" + table);
            assertEquals(valid.size(), completed, "valid jobs completed" + table);
            assertEquals(200, live, table.toString());
            assertEquals(200, ready, table.toString());
            assertEquals(0, unacknowledged, table.toString());
            assertEquals(List.of(), escaped, table.toString());
            List<String> forged = keys.get("forged-keys");
            assertTrue(forged.stream().allMatch(id -> failedEvents.getOrDefault(id, 0) == 0
                    && failedEvents.getOrDefault(id + "-forger", 0) == 0), "a forged key fails no job" + table);
        }
    }

    private static String position(RecordMetadata record) {
        return record.partition() + "/" + record.offset();
    }

    /** Dead letters of {@code sent}, by the position of the record they stand for, read until all are there. */
    private static Map<String, String> awaitDeadLetters(HostileWriter hostile, Map<String, List<RecordMetadata>> sent,
            Duration timeout) {
        Set<String> expected = new HashSet<>();
        sent.values().forEach(records -> records.forEach(r -> expected.add(position(r))));
        Map<String, String> found = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = hostile.deadLetterConsumer()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !found.keySet().containsAll(expected)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (Topics.JOBS.equals(JobTopics.header(record, DeadLetterHeaders.TOPIC))) {
                        found.put(JobTopics.header(record, DeadLetterHeaders.PARTITION) + "/"
                                + JobTopics.header(record, DeadLetterHeaders.OFFSET),
                                JobTopics.header(record, DeadLetterHeaders.RULE));
                    }
                }
            }
        }
        return found;
    }

    /** Failed events on udpm.job-events so far, by key. */
    private Map<String, Integer> failedEventsByKey() {
        Map<String, Integer> failed = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"), new org.apache.kafka.common.serialization.StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = JobTopics.fromTheBeginning(consumer, Topics.JOB_EVENTS);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JobEvent event = JobTopics.checkedEvent(record);
                    if (event.eventType().equals("failed")) {
                        failed.merge(record.key(), 1, Integer::sum);
                    }
                }
            }
        }
        return failed;
    }

    /** Hostile records the intake's committed offsets have not passed yet (waits for the throttled commits). */
    private static int unacknowledged(HostileWriter hostile, Map<String, List<RecordMetadata>> sent) {
        long deadline = System.nanoTime() + HostileWriter.commitWait().toNanos();
        int behind;
        do {
            Map<Integer, Long> committed = new HashMap<>();
            behind = 0;
            for (List<RecordMetadata> records : sent.values()) {
                for (RecordMetadata record : records) {
                    long at = committed.computeIfAbsent(record.partition(), hostile::committed);
                    if (at <= record.offset()) {
                        behind++;
                    }
                }
            }
            if (behind == 0) {
                return 0;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return behind;
            }
        } while (System.nanoTime() < deadline);
        return behind;
    }
}
