package dev.udpm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The recorder keeps every event per job in order, duplicates included, and skips what is not a job event. */
class JobEventRecorderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void recordsEveryEventOfEachJobInOrderAndWaitsForEndings() throws Exception {
        String job = "recorder-" + System.nanoTime();
        String other = job + "-other";
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (JobEventRecorder recorder = JobEventRecorder.startAtEnd(KafkaSettings.plain(TestBroker.plainBootstrap()),
                warnings::add, "recorder-test");
                KafkaProducer<String, String> producer = TestBroker.producer()) {
            assertThrows(FleetException.class, () -> recorder.awaitProgress(job, Duration.ofMillis(300)),
                    "nothing written yet");
            send(producer, job, accepted(job));
            send(producer, job, progress(job, 8));
            send(producer, job, progress(job, 16));
            send(producer, job, "not json at all");
            send(producer, other, progress(job, 3)); // an event of `job` under another key: skipped
            send(producer, job, failed(job));
            send(producer, job, failed(job)); // answered twice: both kept

            JobEventRecorder.Seen ending = recorder.awaitEnding(job, WAIT);
            assertInstanceOf(JobFailed.class, ending.event());
            assertTrue(recorder.awaitEnded(List.of(job), WAIT));
            awaitEvents(recorder, job, 5);
            List<JobEventRecorder.Seen> events = recorder.events(job);
            assertInstanceOf(JobAccepted.class, events.get(0).event());
            assertEquals(8, ((JobProgress) recorder.firstProgress(job).orElseThrow().event()).done());
            assertEquals(16, ((JobProgress) recorder.lastProgress(job).orElseThrow().event()).done());
            assertEquals(2, recorder.terminals(job).size(), "a duplicate terminal event is kept, to be counted");
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).nanos() >= events.get(i - 1).nanos(), "arrival times in order");
            }
            assertFalse(recorder.allEnded(List.of(job, other)), "the other key has no valid event of its own");
            assertEquals(2, warnings.size(), "the invalid record and the foreign key: " + warnings);
        }
    }

    private static void awaitEvents(JobEventRecorder recorder, String job, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (recorder.events(job).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, recorder.events(job).size(), "events: " + recorder.events(job));
    }

    private static void send(KafkaProducer<String, String> producer, String key, String json) throws Exception {
        producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, key, json)).get();
    }

    private static String accepted(String job) {
        return """
                {"type":"accepted","jobId":"%s","time":"2026-12-07T05:00:00Z","workerId":"w-0"}""".formatted(job);
    }

    private static String progress(String job, int done) {
        return """
                {"type":"progress","jobId":"%s","time":"2026-12-07T05:00:01Z","workerId":"w-0","done":%d,"total":16}"""
                .formatted(job, done);
    }

    private static String failed(String job) {
        return """
                {"type":"failed","jobId":"%s","time":"2026-12-07T05:00:02Z","workerId":"w-0","code":"INTERNAL",\
                "message":"test"}""".formatted(job);
    }
}
