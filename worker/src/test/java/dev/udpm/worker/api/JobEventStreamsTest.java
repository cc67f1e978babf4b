package dev.udpm.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.worker.status.JobEventJournal;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One class, in memory: the streams' heartbeats, lifetime, end after the job's last event, the limit of open streams
 * and a client that does not read (its stream ends, nothing else waits). The HTTP side is JobEventsEndToEndTest.
 */
class JobEventStreamsTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final JobEventJournal journal = new JobEventJournal();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aStreamReplaysFollowsAndEndsAfterTheEventThatEndsTheJob() {
        JobEventStreams streams = new JobEventStreams(journal, config(2, Duration.ofSeconds(10), Duration.ofMinutes(1),
                16), timer);
        journal.append("j", 0, 3, new JobAccepted("j", T, "w", null), "{\"a\":1}", false);
        AssertSubscriber<JobEventStreams.Item> client = streams.stream("j", -1).subscribe()
                .withSubscriber(AssertSubscriber.create(100));
        client.awaitItems(2);
        JobEventStreams.Item hello = client.getItems().get(0);
        assertTrue(hello.comment() != null && hello.retryMillis() == 2000, "first a comment with retry: " + hello);
        assertEquals(new JobEventStreams.Item("3", "accepted", "{\"a\":1}", null, -1), client.getItems().get(1));
        journal.append("j", 0, 5, new JobProgress("j", T, "w", null, 1, 2), "{\"p\":1}", false);
        journal.append("j", 0, 8, new JobCancelled("j", T, "w", null), "{\"c\":1}", true);
        client.awaitCompletion(Duration.ofSeconds(5));
        assertEquals(List.of("3", "5", "8"), ids(client));
        assertEquals(0, journal.subscribers(), "unsubscribed");
        assertEquals(0, streams.open(), "slot given back");

        AssertSubscriber<JobEventStreams.Item> resumed = streams.stream("j", 8).subscribe()
                .withSubscriber(AssertSubscriber.create(100));
        resumed.awaitCompletion(Duration.ofSeconds(5));
        assertEquals(List.of(), ids(resumed), "resuming after the last event of an ended job: nothing, at once");
    }

    @Test
    void anIdleStreamSendsHeartbeatsAndEndsAtItsMaximumDuration() {
        JobEventStreams streams = new JobEventStreams(journal, config(2, Duration.ofMillis(100),
                Duration.ofMillis(800), 64), timer);
        journal.append("idle", 0, 1, new JobAccepted("idle", T, "w", null), "{}", false);
        AssertSubscriber<JobEventStreams.Item> client = streams.stream("idle", -1).subscribe()
                .withSubscriber(AssertSubscriber.create(1000));
        client.awaitCompletion(Duration.ofSeconds(10));
        List<String> comments = client.getItems().stream().filter(i -> !i.isEvent()).map(JobEventStreams.Item::comment)
                .toList();
        long beats = comments.stream().filter("heartbeat"::equals).count();
        assertTrue(beats >= 2, "heartbeats while idle: " + comments);
        assertTrue(comments.get(comments.size() - 1).contains("maximum duration"), comments.toString());
        assertEquals(List.of("1"), ids(client));
        assertEquals(0, streams.open());
    }

    @Test
    void streamsBeyondTheLimitAreRefusedAndAClientThatDoesNotReadLosesOnlyItsOwnStream() {
        JobEventStreams streams = new JobEventStreams(journal, config(1, Duration.ofMinutes(1), Duration.ofMinutes(1),
                4), timer);
        journal.append("s", 0, 1, new JobAccepted("s", T, "w", null), "{}", false);
        Multi<JobEventStreams.Item> first = streams.stream("s", -1);
        assertNotNull(first);
        assertNull(streams.stream("s", -1), "over max-streams");
        AssertSubscriber<JobEventStreams.Item> stuck = first.subscribe().withSubscriber(AssertSubscriber.create(0));
        for (int i = 2; i < 12; i++) {
            journal.append("s", 0, i, new JobProgress("s", T, "w", null, i, 100), "{}", false);
        }
        stuck.awaitFailure(Duration.ofSeconds(5));
        assertTrue(stuck.getFailure() instanceof BackPressureFailure, String.valueOf(stuck.getFailure()));
        assertEquals(0, journal.subscribers(), "the slow client's subscription is gone");
        assertEquals(0, streams.open());
        assertNotNull(streams.stream("s", -1), "its slot is free again");
    }

    private static List<String> ids(AssertSubscriber<JobEventStreams.Item> client) {
        return client.getItems().stream().filter(JobEventStreams.Item::isEvent).map(JobEventStreams.Item::id).toList();
    }

    private static EventStreamConfig config(int maxStreams, Duration heartbeat, Duration maxDuration, int buffer) {
        return new EventStreamConfig() {
            @Override
            public int maxStreams() {
                return maxStreams;
            }

            @Override
            public Duration heartbeat() {
                return heartbeat;
            }

            @Override
            public Duration maxDuration() {
                return maxDuration;
            }

            @Override
            public int buffer() {
                return buffer;
            }

            @Override
            public Duration retry() {
                return Duration.ofSeconds(2);
            }
        };
    }
}
