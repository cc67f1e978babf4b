package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.storage.ObjectStore;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole worker (real broker, real S3Proxy behind a {@link dev.udpm.worker.jobs.CuttableLink}) while its object
 * store is gone for 6 s mid-job: the health endpoints answer within 1 s the whole time (readiness DOWN naming the
 * store, liveness UP), the job waits instead of failing, then completes with one terminal event and the stored
 * bytes its event lists.
 */
@QuarkusTest
@TestProfile(StoreOutageProfile.class)
class StoreOutageEndToEndTest extends EndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(180);

    @Inject
    ObjectStore store;

    @AfterEach
    void linkBack() {
        StoreOutageProfile.link(true);
    }

    @Test
    void aJobRidesThroughAStoreOutageAndHealthAnswersThroughout() throws Exception {
        await().atMost(WAIT).until(() -> given().get("/q/health/ready").statusCode() == 200);
        String id = "e2e-outage-" + UUID.randomUUID();
        String json = Requests.generate(id, BundledTinyModelResource.NAME, 160, 4242, "\"classLabels\":[7]");
        ChainDelay.set(Duration.ofMillis(300));
        topics.send(id, json);
        topics.awaitEvents(id, seen -> seen.stream().anyMatch(JobProgress.class::isInstance), WAIT);

        StoreOutageProfile.link(false);
        long cutAt = System.nanoTime();
        List<Long> answerMillis = new ArrayList<>();
        boolean sawReadyDown = false;
        while (System.nanoTime() - cutAt < TimeUnit.SECONDS.toNanos(6)) {
            long t0 = System.nanoTime();
            Response ready = given().get("/q/health/ready");
            Response live = given().get("/q/health/live");
            answerMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            assertEquals(200, live.statusCode(), "liveness stays UP: " + live.asString());
            if (ready.statusCode() == 503 && "DOWN".equals(ready.jsonPath()
                    .getString("checks.find { it.name == 'object-store' }.status"))) {
                sawReadyDown = true;
            }
            Thread.sleep(200);
        }
        ChainDelay.set(Duration.ZERO);
        StoreOutageProfile.link(true);

        assertTrue(sawReadyDown, "readiness reported the store DOWN during the outage");
        assertTrue(answerMillis.stream().allMatch(ms -> ms < 1000), "ready + live answered within 1 s: "
                + answerMillis);
        List<JobEvent> events = topics.awaitEvents(id, seen -> seen.stream().anyMatch(JobEvent::terminal), WAIT);
        JobCompleted completed = StoredJobs.completed(events);
        StoredJobs.assertStored(store, Requests.parse(json), completed);
        long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        List<JobEvent> all = topics.awaitEvents(id, seen -> System.nanoTime() > settled, WAIT);
        assertEquals(1, all.stream().filter(JobEvent::terminal).count(), "one terminal event: "
                + all.stream().map(JobEvent::eventType).toList());
        await().atMost(WAIT).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }
}
