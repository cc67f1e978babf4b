package dev.udpm.worker.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.job.CancelJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.worker.batching.DynamicBatcher;
import dev.udpm.worker.batching.PaddedChain;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.events.ShardTaskSink;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.JobClaim;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.tenants.TenantQuotas;
import org.jboss.logging.Logger;

/**
 * Runs jobs end to end: idempotency check, model lease, plan, dynamic batching across jobs, chain calls, image
 * storage, derived images, manifest LAST, then the terminal event. Plain Java: the Kafka intake and the CDI
 * wiring are thin adapters around it.
 *
 * <h2>One job ({@link #submit})</h2>
 * <ol>
 *   <li>If {@code jobs/{jobId}/manifest.json} exists: same content ({@link RequestContent}) -> {@code completed}
 *       again from the manifest, nothing recomputed; other content -> {@code failed JOB_ID_CONFLICT}.</li>
 *   <li>Lease the model ({@link ModelRegistry#acquire}; the lease is held until the job ends, so every image of
 *       the job comes from ONE version). A {@link JobClaim} left by a crashed attempt with other content is a
 *       conflict; with the same content its version is reused if still loadable, and the images it stored are
 *       found (listing + sha256 metadata) and not recomputed.</li>
 *   <li>Plan ({@link JobPlanner}; a request that does not fit the model -> {@code failed INVALID_REQUEST}), charge
 *       the images to the job's tenant ({@link TenantQuotas}; over a quota -> {@code failed QUOTA_EXCEEDED}, checked
 *       before step 2 too, given back when the job ends), publish {@code accepted}, queue the missing images in the
 *       {@link DynamicBatcher}.</li>
 *   <li>Each batch (one chain thread): a lease per batch, one {@link PaddedChain} call for images of several
 *       jobs, then PNG encoding and storage on the I/O threads; {@code progress} at most once per interval.</li>
 *   <li>When every image is stored: principal components and grid where asked, the manifest, claim deleted,
 *       {@code completed} with keys, sha256s (and presigned URLs when asked), model version and timings.</li>
 * </ol>
 * The returned stage completes once the terminal event is written (the caller commits the offset then), or
 * exceptionally if it could not be written (the caller must NOT commit: the job is redone elsewhere, idempotently).
 *
 * <p>{@link #cancel} stops a job within one batch: its queued images are dropped, a running chain call finishes,
 * then {@code cancelled} is written and no manifest.
 *
 * <p>{@link #submitShard} runs a shard of a bulk job on the same batcher and chain. What differs is modelled as the
 * execution's {@link ExecutionKind}: a {@link WholeJob} or a {@link BulkShard} (pinned version, sliced plan, shard
 * manifest and shard-done instead of manifest and completed, fleet-wide cancellation checked before every batch:
 * {@link ShardSteps}).
 *
 * <p>This class is the entry point and the wiring; the steps are {@link JobAdmission} (start: the kind's admission,
 * then the images found and the rest queued), {@link BatchRunner} (the chain thread and image storage),
 * {@link JobOutputWriter} (claim, images, found images, derived images, manifest), {@link JobEvents} (building and
 * emitting every job event) and {@link JobEnding} (exactly one terminal write, resources released).
 */
public final class JobPipeline implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    private final DynamicBatcher<JobExecution> batcher;
    private final ExecutorService io;
    private final Thread chainThread;
    private final Map<String, JobExecution> active = new ConcurrentHashMap<>();
    private final JobEnding ending;
    private final JobAdmission admission;
    private final WholeJob wholeJob;
    private final ShardSteps shards;
    private final JobTracer tracer;

    /** A pipeline without bulk-job shards. */
    public JobPipeline(PipelineSettings settings, ModelRegistry registry, JobObjects objects, JobEventSink events,
            JobMetrics metrics, Clock clock) {
        this(settings, registry, objects, events, (task, trace) -> CompletableFuture.failedFuture(
                new UnsupportedOperationException("this pipeline has no shard-task sink")), jobId -> false,
                jobId -> Optional.empty(), metrics, clock);
    }

    /**
     * @param shardTasks where a finished shard's {@code shard-done} record goes
     * @param cancelledFleetWide whether a job was cancelled on any worker (the shards of a cancelled bulk job stop)
     * @param failedFleetWideAt when a job's last {@code failed} was written, if its fleet-wide state is failed (a
     *     bulk job fails once, not once per shard)
     */
    public JobPipeline(PipelineSettings settings, ModelRegistry registry, JobObjects objects, JobEventSink events,
            ShardTaskSink shardTasks, Predicate<String> cancelledFleetWide,
            Function<String, Optional<Instant>> failedFleetWideAt, JobMetrics metrics, Clock clock) {
        this(settings, registry, objects, events, shardTasks, cancelledFleetWide, failedFleetWideAt,
                jobId -> Optional.empty(), metrics, clock);
    }

    /**
     * @param endedFleetWideAt when a job's terminal event was written, if the fleet-wide state holds one (a
     *     redelivered record of an ended job is not answered again, {@link #submit(JobRequest, Instant, Instant)})
     */
    public JobPipeline(PipelineSettings settings, ModelRegistry registry, JobObjects objects, JobEventSink events,
            ShardTaskSink shardTasks, Predicate<String> cancelledFleetWide,
            Function<String, Optional<Instant>> failedFleetWideAt, Function<String, Optional<Instant>> endedFleetWideAt,
            JobMetrics metrics, Clock clock) {
        this(settings, registry, objects, events, shardTasks, cancelledFleetWide, failedFleetWideAt, endedFleetWideAt,
                metrics, TenantQuotas.unlimited(clock), clock);
    }

    /**
     * @param quotas the tenants' image accounting: a whole job is admitted against its tenant's quotas (over them:
     *     {@code failed QUOTA_EXCEEDED}), a shard is held in its tenant's in-flight use; both are given back when the
     *     execution ends
     */
    public JobPipeline(PipelineSettings settings, ModelRegistry registry, JobObjects objects, JobEventSink events,
            ShardTaskSink shardTasks, Predicate<String> cancelledFleetWide,
            Function<String, Optional<Instant>> failedFleetWideAt, Function<String, Optional<Instant>> endedFleetWideAt,
            JobMetrics metrics, TenantQuotas quotas, Clock clock) {
        this(settings, registry, objects, events, shardTasks, cancelledFleetWide, failedFleetWideAt, endedFleetWideAt,
                metrics, quotas, JobTracer.none(), clock);
    }

    /** @param tracer traces every execution ({@link JobTracer#none()}: none) */
    public JobPipeline(PipelineSettings settings, ModelRegistry registry, JobObjects objects, JobEventSink events,
            ShardTaskSink shardTasks, Predicate<String> cancelledFleetWide,
            Function<String, Optional<Instant>> failedFleetWideAt, Function<String, Optional<Instant>> endedFleetWideAt,
            JobMetrics metrics, TenantQuotas quotas, JobTracer tracer, Clock clock) {
        this.tracer = tracer;
        this.batcher = new DynamicBatcher<>(settings.batchPolicy());
        PaddedChain chain = new PaddedChain(settings.padMultiple());
        this.io = Executors.newFixedThreadPool(settings.ioThreads(), DaemonThreads.named("udpm-job-io-"));
        Semaphore outputSlots = new Semaphore(settings.maxPendingOutputBatches());
        JobEvents jobEvents = new JobEvents(events, objects, settings.workerId(), settings.maxEventBytes(),
                settings.presignedUrls(), clock);
        JobOutputWriter output = new JobOutputWriter(objects, clock);
        this.ending = new JobEnding(active, batcher, jobEvents, metrics, settings.rememberedCancellations());
        this.wholeJob = new WholeJob(registry, objects, jobEvents, output, ending, endedFleetWideAt, quotas, clock);
        this.shards = new ShardSteps(objects, registry, shardTasks, events, cancelledFleetWide, failedFleetWideAt,
                ending, settings.workerId(), quotas, clock);
        this.admission = new JobAdmission(settings.progressInterval(), batcher, output, ending, clock);
        BatchRunner runner = new BatchRunner(batcher, chain, registry, io, outputSlots, output, jobEvents, ending,
                this::cancel, metrics, quotas, clock);
        this.chainThread = DaemonThreads.named("udpm-chain-").newThread(runner);
    }

    /** Starts the chain thread. */
    public void start() {
        chainThread.start();
    }

    /** Jobs currently in this pipeline. */
    public int activeJobs() {
        return active.size();
    }

    /** Images waiting in the batcher. */
    public int queuedImages() {
        return batcher.queuedImages();
    }

    /** Images waiting in the batcher per tenant (jobs without tenant under the default tenant). */
    public Map<String, Integer> queuedImagesByTenant() {
        return batcher.queuedImagesByTenant();
    }

    /**
     * Runs {@code request} (any type but cancel).
     *
     * @param receivedAt when the worker received it (for latency metrics)
     * @return completes with the outcome once the terminal event is written
     */
    public CompletionStage<JobOutcome> submit(JobRequest request, Instant receivedAt) {
        return submit(request, receivedAt, null);
    }

    /**
     * Runs {@code request} read from a record written at {@code recordTime}: if the job already ended (on this
     * worker, or in the fleet-wide state) AFTER that, the record is a redelivery of one already answered (a
     * rebalance moved it before its offset was committed) and the job ends quietly: no event, outcome
     * {@link JobOutcome#REPLAYED}. A record written after the job ended (the client resent it) is answered again.
     *
     * @param recordTime the record's Kafka timestamp, or {@code null} to always answer
     */
    public CompletionStage<JobOutcome> submit(JobRequest request, Instant receivedAt, Instant recordTime) {
        return submit(request, receivedAt, recordTime, Map.of());
    }

    /**
     * {@link #submit(JobRequest, Instant, Instant)}, continuing the trace of the record that carried the job.
     *
     * @param traceContext the record's W3C trace-context headers ({@code traceparent}, {@code tracestate}); empty
     *     when it had none
     */
    public CompletionStage<JobOutcome> submit(JobRequest request, Instant receivedAt, Instant recordTime,
            Map<String, String> traceContext) {
        if (request instanceof CancelJob) {
            throw new IllegalArgumentException("job " + request.jobId() + ": a cancel is not a job; call cancel()");
        }
        JobExecution execution = new JobExecution(wholeJob, request, RequestContent.sha256(request), receivedAt,
                recordTime, System.nanoTime());
        trace(execution, traceContext);
        return submit(execution);
    }

    /**
     * Runs shard {@code task} of a bulk job.
     *
     * @return completes with the outcome once its shard-done record (or the job's failed event) is written
     */
    public CompletionStage<JobOutcome> submitShard(GenerateShard task, Instant receivedAt) {
        return submitShard(task, receivedAt, Map.of());
    }

    /** {@link #submitShard(GenerateShard, Instant)}, continuing the trace of the shard's record. */
    public CompletionStage<JobOutcome> submitShard(GenerateShard task, Instant receivedAt,
            Map<String, String> traceContext) {
        JobExecution execution = new JobExecution(new BulkShard(task, shards), task.request(),
                RequestContent.sha256(task.request()), receivedAt, null, System.nanoTime());
        trace(execution, traceContext);
        return submit(execution);
    }

    /**
     * Starts {@code e}'s trace: its span begins when its record was written to {@code udpm.jobs} (when known and
     * not after its receipt), with the record's wait in the topic as the first stage.
     */
    private void trace(JobExecution e, Map<String, String> traceContext) {
        boolean waited = e.recordTime != null && e.recordTime.isBefore(e.receivedAt);
        Instant start = waited ? e.recordTime : e.receivedAt;
        e.trace = tracer.start(e.jobId(), e.key(), e.request.jobType(), traceContext, start);
        if (waited) {
            e.trace.stage(JobTrace.Stage.QUEUE_WAIT, e.recordTime, e.receivedAt, Map.of(), null);
        }
    }

    private CompletionStage<JobOutcome> submit(JobExecution execution) {
        JobExecution running = active.putIfAbsent(execution.key(), execution);
        if (running == null) {
            io.execute(() -> admission.start(execution));
            return execution.result;
        }
        if (running.contentSha256.equals(execution.contentSha256)) {
            LOG.infof("%s arrived again while running here: it is answered when the running attempt ends", running);
            return running.result.handle((outcome, failure) -> null).thenCompose(ignored -> submit(execution));
        }
        io.execute(() -> ending.reject(execution, new JobRejection(FailureCode.JOB_ID_CONFLICT, "/jobId", "jobId '"
                + execution.jobId() + "' is in use by a different " + running.request.jobType()
                + " request running on this worker; use a new jobId")));
        return execution.result;
    }

    /**
     * Cancels the job {@code jobId} if it runs here and is not already finishing.
     *
     * @return whether a job will end as {@code cancelled}; false for an unknown or finished job (logged)
     */
    public boolean cancel(String jobId) {
        JobExecution execution = active.get(jobId);
        if (execution == null) {
            LOG.infof("Cancel of job %s: not running on this worker (unknown or already finished); nothing to do",
                    jobId);
            return false;
        }
        if (!stop(execution, execution.requestCancel())) {
            LOG.infof("Cancel of job %s: too late, its images are done and it is finishing", jobId);
            return false;
        }
        LOG.infof("Cancel of job %s accepted: it stops within one batch", jobId);
        return true;
    }

    /**
     * Hands the job or shard {@code key} (a jobId, or a shard's record key) over to the worker that now owns its
     * record: it stops within one batch like a cancel, but writes no event and leaves its images and claim for that
     * worker to resume from; its result completes with {@link JobOutcome#HANDED_OVER}. A job already finishing ends
     * as usual.
     *
     * @return whether it will end handed over; false for an unknown, finishing or finished job
     */
    public boolean handOver(String key) {
        JobExecution execution = active.get(key);
        if (execution == null) {
            return false;
        }
        if (!stop(execution, execution.requestHandOver())) {
            LOG.infof("%s: not handed over, its images are done and it is finishing", execution);
            return false;
        }
        LOG.infof("%s: handing over (its record's partition moved); it stops within one batch", execution);
        return true;
    }

    /**
     * Carries out a stop {@code decision} of {@code e}: its queued images leave the batcher; it ends now when no chain
     * call holds its images, else when the last one is stored.
     *
     * @return false when it was too late (the job is finishing)
     */
    private boolean stop(JobExecution e, JobExecution.CancelDecision decision) {
        switch (decision) {
            case TOO_LATE -> {
                return false;
            }
            case NOW -> {
                batcher.cancel(e);
                io.execute(() -> ending.cancelled(e));
            }
            case LATER -> batcher.cancel(e);
        }
        return true;
    }

    /**
     * Stops taking batches and waits up to {@code timeout} for running work; jobs still unfinished keep their
     * offsets uncommitted (another worker redoes them) and their leases are released.
     */
    public void close(Duration timeout) {
        batcher.close();
        io.shutdown();
        try {
            chainThread.join(timeout.toMillis());
            io.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.shutdownNow();
        for (JobExecution e : active.values()) {
            ending.closeLease(e);
            e.releaseQuota();
            e.result.completeExceptionally(new IllegalStateException("the worker stopped before job " + e.jobId()
                    + " finished"));
        }
        active.clear();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
