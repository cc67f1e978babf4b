package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job that runs several times longer than {@code max.poll.interval.ms} (2 s in the test profile, Kafka's 5 min
 * default scaled down) with its record unacknowledged all along: one completed event, no rebalance, no
 * redelivery, readiness UP throughout, and the offset committed only after the terminal event.
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

    /** The group's committed offset of {@code partition} (the next offset to read), or -1. */
    private long committed(Admin admin, TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(partition);
        return offset == null ? -1 : offset.offset();
    }
}
