package dev.udpm.worker.bulk;

import static dev.udpm.worker.testmodels.TinyModelFiles.CONDITIONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.ShardTask;
import dev.udpm.worker.jobs.JobTracer;
import dev.udpm.worker.jobs.PipelineFixture;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.tenants.TenantLimits;
import dev.udpm.worker.tenants.TenantQuotas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bulk job is admitted against its tenant's quotas at its split: its whole count to the hour, room for its first
 * shard in flight. Over a quota it fails with {@code QUOTA_EXCEEDED} and nothing is split (no {@code bulk.json}, no
 * shard task, no {@code accepted}). Real object store (S3Proxy), the tiny model.
 */
class BulkJobQuotaTest {

    private static final String BUCKET = "bulk-quota-test";

    @RegisterExtension
    static final PipelineFixture FIXTURE = PipelineFixture.bucket(BUCKET);

    @Test
    void aBulkJobOverItsTenantsHourOrWithoutRoomForAShardIsRefusedAndNotSplit() throws Exception {
        Map<String, TenantLimits> limits = Map.of("capped", new TenantLimits(OptionalLong.of(8),
                OptionalLong.of(40)));
        TenantQuotas quotas = new TenantQuotas(t -> limits.getOrDefault(t, TenantLimits.unlimited()), "default",
                Clock.systemUTC(), TenantQuotas.Activity.NONE);
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        List<ShardTask> tasks = new CopyOnWriteArrayList<>();
        JobObjects objects = new JobObjects(FIXTURE.store());
        BulkJobSplitter splitter = new BulkJobSplitter(objects, FIXTURE.registry(), (task, trace) -> {
            tasks.add(task);
            return CompletableFuture.completedFuture(null);
        }, event -> {
            events.add(event);
            return CompletableFuture.completedFuture(null);
        }, new ShardCompletion(objects, event -> CompletableFuture.completedFuture(null), id -> false, id -> false,
                "test-worker", Clock.systemUTC()), id -> false, id -> Optional.empty(), 8, "test-worker", quotas,
                JobTracer.none(), Clock.systemUTC());

        String fits = "bulk-fits-" + System.nanoTime();
        splitter.split(bulk(fits, 32)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(4, tasks.size(), "32 images in shards of 8");
        assertTrue(events.stream().anyMatch(e -> e.jobId().equals(fits) && e instanceof JobAccepted));
        assertEquals(32, quotas.usage("capped").imagesLastHour(), "the whole count is charged to the hour");
        assertEquals(0, quotas.usage("capped").imagesInFlight(), "its shards hold images when they run");

        String overHour = "bulk-hour-" + System.nanoTime();
        splitter.split(bulk(overHour, 16)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        JobFailed hour = failed(events, overHour);
        assertEquals(FailureCode.QUOTA_EXCEEDED, hour.code());
        assertTrue(hour.message().contains("max-images-per-hour = 40") && hour.message().contains(
                "32 images admitted in the last hour"), hour.message());

        TenantQuotas.Hold running = quotas.hold("capped", 4);
        String noRoom = "bulk-room-" + System.nanoTime();
        splitter.split(bulk(noRoom, 8)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        JobFailed room = failed(events, noRoom);
        assertEquals(FailureCode.QUOTA_EXCEEDED, room.code());
        assertTrue(room.message().contains("max-images-in-flight = 8"), room.message());
        running.release();

        assertEquals(4, tasks.size(), "nothing was split for the refused jobs");
        assertTrue(objects.bulkPlan(overHour).isEmpty() && objects.bulkPlan(noRoom).isEmpty(), "no bulk.json");
        assertEquals(32, quotas.usage("capped").imagesLastHour(), "a refused job charges nothing");
    }

    private static JobFailed failed(List<JobEvent> events, String jobId) {
        List<JobEvent> of = events.stream().filter(e -> e.jobId().equals(jobId)).toList();
        assertEquals(1, of.size(), "one event, the failed: " + of);
        return (JobFailed) of.get(0);
    }

    private static GenerateJob bulk(String jobId, int count) {
        return (GenerateJob) Requests.parse(Requests.generate(jobId, CONDITIONAL, count, 1,
                "\"classLabels\":[2],\"bulk\":true,\"tenant\":\"capped\""));
    }
}
