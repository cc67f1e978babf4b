package dev.udpm.worker.bulk;

import static dev.udpm.worker.testmodels.TinyModelFiles.CONDITIONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.ShardDone;
import dev.udpm.schemas.job.ShardTask;
import dev.udpm.worker.batching.BatchPolicy;
import dev.udpm.worker.jobs.JobMetrics;
import dev.udpm.worker.jobs.JobOutcome;
import dev.udpm.worker.jobs.JobPipeline;
import dev.udpm.worker.jobs.PipelineSettings;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.JobObjects;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One {@code shards} bulk job the way one worker runs it, without Kafka between the steps: its splitter, pipeline and
 * merge share one {@link JobObjects} (as in the worker); the split's shard tasks are collected and run one by one on
 * the pipeline, whose shard-dones go straight to the merge. Every event is collected in {@link #events}.
 */
final class OneWorkerBulkJob implements AutoCloseable {

    final List<JobEvent> events = new CopyOnWriteArrayList<>();
    final List<GenerateShard> tasks = new CopyOnWriteArrayList<>();
    final ShardCompletion completion;
    private final BulkJobSplitter splitter;
    private final JobPipeline pipeline;

    /** A started pipeline of batch 8, with job shards of {@code shardSize} images. */
    OneWorkerBulkJob(JobObjects objects, ModelRegistry registry, int shardSize, String workerId) {
        completion = new ShardCompletion(objects, this::record, id -> false, id -> false, workerId,
                Clock.systemUTC());
        splitter = new BulkJobSplitter(objects, registry, (task, trace) -> {
            tasks.add((GenerateShard) task);
            return CompletableFuture.completedFuture(null);
        }, this::record, completion, id -> false, shardSize, workerId, Clock.systemUTC());
        pipeline = new JobPipeline(new PipelineSettings(new BatchPolicy(8, Duration.ofMillis(20)), 4,
                Duration.ofSeconds(1), 3, 4, workerId, 16, 1_000_000), registry, objects, this::record,
                (ShardTask task, Map<String, String> trace) -> completion.onShardDone((ShardDone) task), id -> false,
                id -> Optional.empty(), new JobMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        pipeline.start();
    }

    /** A labelled bulk generate job of {@code count} images in the {@code shards} format, tars of {@code perTar}. */
    static GenerateJob shardsRequest(String jobId, int count, int perTar) {
        return (GenerateJob) Requests.parse(Requests.generate(jobId, CONDITIONAL, count, 9,
                "\"classLabels\":[1,2],\"bulk\":true,\"output\":{\"format\":\"shards\",\"samplesPerShard\":" + perTar
                        + "}"));
    }

    /** Splits {@code request}, then runs every job shard to its end (each must complete). */
    void run(GenerateJob request) throws Exception {
        splitter.split(request).toCompletableFuture().get(60, TimeUnit.SECONDS);
        for (GenerateShard task : tasks) {
            assertEquals(JobOutcome.COMPLETED, pipeline.submitShard(task, Instant.now()).toCompletableFuture()
                    .get(120, TimeUnit.SECONDS));
        }
    }

    private CompletableFuture<Void> record(JobEvent event) {
        events.add(event);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
