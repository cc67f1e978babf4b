package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.udpm.embedded.UdpmTopics;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.intake.JobsRebalanceListener;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.status.JobStatusQuery;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long-running jobs and the group. A job that runs several times longer than {@code max.poll.interval.ms} (2 s in the
 * test profile, Kafka's 5 min default scaled down) with its record unacknowledged all along: one completed event, no
 * rebalance, no redelivery, readiness UP throughout, and the offset committed only after the terminal event. And a
 * rebalance that takes partitions away while their jobs run: those jobs stop within a batch without a terminal event,
 * and the member that owns the partitions next resumes them from the images stored, so two members never compute the
 * same job. The other member there is a plain consumer of the group that only holds the partitions (it processes and
 * commits nothing); when it leaves, the worker gets them back, reads the records again and completes every job
 * exactly once.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class LongJobEndToEndTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.incoming.jobs.max.poll.interval.ms")
    long maxPollIntervalMs;

    @ConfigProperty(name = "mp.messaging.incoming.jobs.group.id")
    String group;

    @Inject
    ModelRegistry registry;

    @Inject
    @Identifier(JobsRebalanceListener.NAME)
    JobsRebalanceListener rebalances;

    @Inject
    JobStatusQuery statuses;

    private JobTopics topics;

    @BeforeEach
    void readyAndClient() {
        await().atMost(PipelineEndToEndTest.WAIT).until(() -> !registry.loaded().isEmpty());
        await().atMost(PipelineEndToEndTest.WAIT).until(() -> given().get("/q/health/ready").statusCode() == 200);
        topics = new JobTopics(bootstrapServers);
    }

    @AfterEach
    void closeClient() {
        ChainDelay.set(Duration.ZERO);
        topics.close();
    }

    @Test
    void jobLongerThanThePollIntervalCompletesOnceWithoutRebalanceAndWithReadinessUp() throws Exception {
        assertEquals(2000, maxPollIntervalMs, "the test profile scales max.poll.interval.ms down to 2 s");
        double assigned = rebalances.count("assigned");
        double revoked = rebalances.count("revoked");
        double lost = rebalances.count("lost");
        // 48 images in batches of 16: a job lease + 3 batch leases, 1.5 s each -> about 6 s, 3x the interval.
        ChainDelay.set(Duration.ofMillis(1500));
        String id = "e2e-long-" + UUID.randomUUID();
        RecordMetadata record = topics.send(id, Requests.generate(id, PipelineEndToEndTest.MODEL, 48, 3,
                "\"classLabels\":[8]"));
        TopicPartition partition = new TopicPartition(Topics.JOBS, record.partition());

        List<Integer> readiness = new ArrayList<>();
        List<Long> committedWhileRunning = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // The job-status store is a cheap local lookup, so the loop samples readiness every ~250 ms however many
            // events earlier tests left on udpm.job-events (re-reading the topic each time would not).
            while (statuses.find(id).map(state -> !state.status().terminal()).orElse(true)) {
                readiness.add(given().get("/q/health/ready").statusCode());
                committedWhileRunning.add(committed(admin, partition));
                Thread.sleep(250);
            }
            List<JobEvent> events = topics.currentEvents(id);
            assertEquals(List.of("accepted", "completed"), events.stream().map(JobEvent::eventType)
                    .filter(type -> !type.equals("progress")).toList(), "one accepted, one completed: no redelivery");
            Duration ran = Duration.between(events.get(0).time(), events.get(events.size() - 1).time());
            assertTrue(ran.toMillis() > 2 * maxPollIntervalMs, "the job ran " + ran + ", not long enough to prove"
                    + " anything against max.poll.interval.ms = " + maxPollIntervalMs);

            assertTrue(readiness.size() >= 8 && readiness.stream().allMatch(code -> code == 200),
                    "readiness stays UP while the job runs: " + readiness);
            assertTrue(committedWhileRunning.stream().allMatch(offset -> offset <= record.offset()),
                    "the job's offset " + record.offset() + " is not committed before its terminal event: "
                            + committedWhileRunning);
            await().atMost(Duration.ofSeconds(20)).until(() -> committed(admin, partition) > record.offset());
        }
        assertEquals(assigned, rebalances.count("assigned"), "no partition re-assigned during the job");
        assertEquals(revoked, rebalances.count("revoked"), "no partition revoked during the job");
        assertEquals(lost, rebalances.count("lost"), "no partition lost during the job");
    }

    @Test
    void jobsOfPartitionsTakenAwayStopWithoutAnEventAndCompleteOnceWhenTheirRecordsAreReadAgain()
            throws InterruptedException {
        // One job per partition, 640 images each in batches of 16, 1 s per batch until the rebalance is over (the
        // batcher runs them one after the other: the first alone takes 40 s, longer than a rebalance takes even on a
        // loaded machine), no delay after it.
        ChainDelay.set(Duration.ofSeconds(1));
        Map<Integer, String> jobByPartition = new HashMap<>();
        for (int p = 0; p < UdpmTopics.KEYED_BY_JOB_PARTITIONS; p++) {
            String id = "e2e-handover-" + p + "-" + UUID.randomUUID();
            topics.send(id, Requests.generate(id, PipelineEndToEndTest.MODEL, 640, 40 + p, "\"classLabels\":[" + p
                    + "]").getBytes(StandardCharsets.UTF_8), p);
            jobByPartition.put(p, id);
        }
        jobByPartition.values().forEach(id -> topics.awaitEvents(id, events -> events.stream()
                .anyMatch(e -> e.eventType().equals("accepted")), PipelineEndToEndTest.WAIT));
        double revokedBefore = rebalances.count("revoked");

        Set<Integer> moved;
        try (KafkaConsumer<String, byte[]> other = otherMember()) {
            other.subscribe(List.of(Topics.JOBS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (other.assignment().isEmpty() && System.nanoTime() < deadline) {
                other.poll(Duration.ofMillis(200));
            }
            moved = other.assignment().stream().map(TopicPartition::partition).collect(Collectors.toSet());
            assertFalse(moved.isEmpty(), "the second member was given partitions");
            await().atMost(Duration.ofSeconds(10)).until(() -> rebalances.count("revoked") > revokedBefore);
            for (int p : moved) {
                String id = jobByPartition.get(p);
                assertTrue(topics.currentEvents(id).stream().noneMatch(JobEvent::terminal), "job " + id + " still ran"
                        + " when partition " + p + " was taken away (else the rebalance took longer than the job)");
            }
            ChainDelay.set(Duration.ZERO);
            List<String> kept = jobByPartition.entrySet().stream().filter(e -> !moved.contains(e.getKey()))
                    .map(Map.Entry::getValue).toList();
            for (String id : kept) {
                assertEquals(List.of("completed"), topics.awaitTerminal(id, PipelineEndToEndTest.WAIT).stream()
                        .filter(JobEvent::terminal).map(JobEvent::eventType).toList(), id);
            }
            // Give a job that was NOT handed over the time to end too.
            for (int i = 0; i < 20; i++) {
                other.poll(Duration.ofMillis(250));
            }
            for (int p : moved) {
                String id = jobByPartition.get(p);
                assertTrue(topics.currentEvents(id).stream().noneMatch(JobEvent::terminal), "job " + id + " of"
                        + " partition " + p + ", taken away while it ran, ended with no event on the worker: "
                        + topics.currentEvents(id).stream().map(JobEvent::eventType).toList());
            }
        }
        // The second member left without committing: the worker reads the moved jobs' records again and resumes them.
        for (String id : jobByPartition.values()) {
            topics.awaitTerminal(id, PipelineEndToEndTest.WAIT);
        }
        Thread.sleep(2000); // a second terminal event, were one sent, would be on the topic by now
        for (String id : jobByPartition.values()) {
            List<String> terminal = topics.currentEvents(id).stream().filter(JobEvent::terminal)
                    .map(JobEvent::eventType).toList();
            assertEquals(List.of("completed"), terminal, "job " + id + ": exactly one terminal event");
        }
        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("udpm_jobs_total{") && l.contains("outcome=\"handed_over\"")
                && !l.endsWith(" 0.0")), "the worker counted its handed-over jobs (udpm_jobs_total outcome"
                + " handed_over)");
    }

    /** A member of the worker's group (same cooperative assignor) that commits nothing. */
    private KafkaConsumer<String, byte[]> otherMember() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /** The group's committed offset of {@code partition} (the next offset to read), or -1. */
    private long committed(Admin admin, TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(partition);
        return offset == null ? -1 : offset.offset();
    }
}
