package dev.udpm.worker.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.udpm.core.latent.Latents;
import dev.udpm.core.math.Hwc;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.job.CancelJob;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ShardDone;
import dev.udpm.worker.batching.Batch;
import dev.udpm.worker.batching.BatchSlice;
import dev.udpm.worker.batching.DynamicBatcher;
import dev.udpm.worker.batching.ModelKey;
import dev.udpm.worker.batching.PaddedChain;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.events.ShardTaskSink;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.models.ModelNotAvailableException;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.EncodedImage;
import dev.udpm.worker.output.ImageEncoder;
import dev.udpm.worker.output.JobClaim;
import dev.udpm.worker.output.JobObjects;
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
 *   <li>Plan ({@link JobPlanner}; a request that does not fit the model -> {@code failed INVALID_REQUEST}),
 *       publish {@code accepted}, queue the missing images in the {@link DynamicBatcher}.</li>
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
 * <p>{@link #submitShard} runs a shard of a bulk job on the same batcher and chain; what differs (pinned version,
 * sliced plan, shard manifest and shard-done instead of manifest and completed, fleet-wide cancellation checked
 * before every batch) is in {@link ShardSteps}.
 */
public final class JobPipeline implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    private final PipelineSettings settings;
    private final ModelRegistry registry;
    private final JobObjects objects;
    private final JobEventSink events;
    private final JobMetrics metrics;
    private final Clock clock;
    private final DynamicBatcher<JobExecution> batcher;
    private final PaddedChain chain;
    private final ExecutorService io;
    private final Semaphore outputSlots;
    private final Thread chainThread;
    private final Map<String, JobExecution> active = new ConcurrentHashMap<>();
    private final Map<String, String> recentlyCancelled;
    private final ShardSteps shards;

    /** A pipeline without bulk-job shards. */
    public JobPipeline(PipelineSettings settings, ModelRegistry registry, JobObjects objects, JobEventSink events,
            JobMetrics metrics, Clock clock) {
        this(settings, registry, objects, events, task -> CompletableFuture.failedFuture(
                new UnsupportedOperationException("this pipeline has no shard-task sink")), jobId -> false, metrics,
                clock);
    }

    /**
     * @param shardTasks where a finished shard's {@code shard-done} record goes
     * @param cancelledFleetWide whether a job was cancelled on any worker (the shards of a cancelled bulk job stop)
     */
    public JobPipeline(PipelineSettings settings, ModelRegistry registry, JobObjects objects, JobEventSink events,
            ShardTaskSink shardTasks, Predicate<String> cancelledFleetWide, JobMetrics metrics, Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.objects = objects;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.batcher = new DynamicBatcher<>(settings.batchPolicy());
        this.chain = new PaddedChain(settings.padMultiple());
        this.io = Executors.newFixedThreadPool(settings.ioThreads(), DaemonThreads.named("udpm-job-io-"));
        this.outputSlots = new Semaphore(settings.maxPendingOutputBatches());
        this.chainThread = DaemonThreads.named("udpm-chain-").newThread(this::chainLoop);
        this.shards = new ShardSteps(objects, registry, shardTasks, events, cancelledFleetWide, settings.workerId(),
                clock);
        int remember = settings.rememberedCancellations();
        this.recentlyCancelled = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > remember;
            }
        });
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

    /**
     * Runs {@code request} (any type but cancel).
     *
     * @param receivedAt when the worker received it (for latency metrics)
     * @return completes with the outcome once the terminal event is written
     */
    public CompletionStage<JobOutcome> submit(JobRequest request, Instant receivedAt) {
        if (request instanceof CancelJob) {
            throw new IllegalArgumentException("job " + request.jobId() + ": a cancel is not a job; call cancel()");
        }
        return submit(new JobExecution(request, RequestContent.sha256(request), receivedAt, System.nanoTime()));
    }

    /**
     * Runs shard {@code task} of a bulk job.
     *
     * @return completes with the outcome once its shard-done record (or the job's failed event) is written
     */
    public CompletionStage<JobOutcome> submitShard(GenerateShard task, Instant receivedAt) {
        return submit(new JobExecution(task.request(), task, RequestContent.sha256(task.request()), receivedAt,
                System.nanoTime()));
    }

    private CompletionStage<JobOutcome> submit(JobExecution execution) {
        JobExecution running = active.putIfAbsent(execution.key(), execution);
        if (running == null) {
            io.execute(() -> start(execution));
            return execution.result;
        }
        if (running.contentSha256.equals(execution.contentSha256)) {
            LOG.infof("%s arrived again while running here: it is answered when the running attempt ends", running);
            return running.result.handle((outcome, failure) -> null).thenCompose(ignored -> submit(execution));
        }
        io.execute(() -> reject(execution, new JobRejection(FailureCode.JOB_ID_CONFLICT, "/jobId", "jobId '"
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
        JobExecution.CancelDecision decision = execution.requestCancel();
        switch (decision) {
            case TOO_LATE -> {
                LOG.infof("Cancel of job %s: too late, its images are done and it is finishing", jobId);
                return false;
            }
            case NOW -> {
                batcher.cancel(execution);
                io.execute(() -> endCancelled(execution));
            }
            case LATER -> batcher.cancel(execution);
        }
        LOG.infof("Cancel of job %s accepted: it stops within one batch", jobId);
        return true;
    }

    // ---------------------------------------------------------------- start

    private void start(JobExecution e) {
        try (JobMdc ignored = JobMdc.of(e.jobId())) {
            JobRequest request = e.request;
            Start how = e.shard == null ? startJob(e) : startShard(e);
            if (how == Start.ENDED) {
                return;
            }
            e.progress = new ProgressThrottle(settings.progressInterval(), System::nanoTime);
            int total = e.plan.imageCount();
            e.images = new StoredObject[total];
            e.pixels = e.plan.needsPixels() ? new Hwc[total] : null;
            int found = how == Start.RESUME ? collectFound(e) : 0;
            int[] todo = new int[total - found];
            for (int i = 0, k = 0; i < total; i++) {
                if (e.images[i] == null) {
                    todo[k++] = i;
                }
            }
            JobExecution.Phase next;
            synchronized (e) {
                next = e.started(found);
                if (next == JobExecution.Phase.RUNNING) {
                    batcher.submit(e, e.model, request.effectivePriority(), todo);
                }
            }
            if (next == JobExecution.Phase.STARTING) {
                endCancelled(e);
            } else if (next == JobExecution.Phase.FINALIZING) {
                e.workStarted.compareAndSet(null, clock.instant());
                finish(e);
            } else {
                LOG.debugf("Job %s queued: %d images on %s (%d found from an earlier attempt)", request.jobId(),
                        todo.length, e.model, found);
            }
        } catch (JobRejection rejection) {
            reject(e, rejection);
        } catch (ModelNotAvailableException unavailable) {
            reject(e, new JobRejection(FailureCode.MODEL_NOT_FOUND, "/model", unavailable.getMessage()));
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Job %s failed before its images were queued", e.jobId());
            reject(e, internal("could not start", failure));
        }
    }

    /** How a job starts: with nothing stored, resuming an interrupted attempt, or already ended. */
    private enum Start { FRESH, RESUME, ENDED }

    /** A whole job: cancelled copy, finished before (manifest), claim, plan, size limit, {@code accepted}. */
    private Start startJob(JobExecution e) throws JobRejection {
        JobRequest request = e.request;
        if (e.contentSha256.equals(recentlyCancelled.get(request.jobId()))) {
            LOG.infof("Job %s was cancelled on this worker; answering the copy with cancelled", request.jobId());
            endCancelled(e);
            return Start.ENDED;
        }
        Optional<JobManifest> manifest = objects.manifest(request.jobId());
        if (manifest.isPresent()) {
            replay(e, manifest.get());
            return Start.ENDED;
        }
        e.lease = registry.acquire(request.model().name(), request.model().version());
        boolean resume = ClaimCheck.reusable(e, objects, registry);
        e.model = new ModelKey(e.lease.name(), e.lease.version());
        e.plan = JobPlanner.plan(request, e.lease.model().manifest());
        int objectCount = e.plan.indexedObjectCount() + (e.plan.gridColumns().isPresent() ? 1 : 0);
        int urlLength = wantsUrls(request) ? objects.presignedUrl(ObjectKeys.imageKey(request.jobId(), 0)).length()
                : 0;
        EventSizeLimit.check(request, settings.workerId(), e.model.name(), e.model.version(), objectCount,
                urlLength, settings.maxEventBytes());
        publishQuietly(JobAccepted.of(request, settings.workerId(), clock.instant()));
        if (!resume) {
            objects.writeClaim(new JobClaim(request.jobId(), e.contentSha256, e.model.name(), e.model.version(),
                    clock.instant()));
        }
        return resume ? Start.RESUME : Start.FRESH;
    }

    /** A shard of a bulk job ({@link ShardSteps}): cancelled job, finished before, or prepared to resume. */
    private Start startShard(JobExecution e) throws JobRejection {
        if (shards.parentCancelled(e)) {
            LOG.infof("%s: its job was cancelled; the shard ends without running", e);
            endCancelled(e);
            return Start.ENDED;
        }
        Optional<ShardDone> done = shards.finishedBefore(e);
        if (done.isPresent()) {
            LOG.infof("%s already finished (%s): sending its shard-done again", e, done.get().manifest().key());
            end(e, () -> shards.resend(done.get()), "shard-done", JobOutcome.REPLAYED, null);
            return Start.ENDED;
        }
        shards.prepare(e);
        return Start.RESUME;
    }

    /** Marks the images an interrupted attempt stored; reads their pixels when the job derives images. */
    private int collectFound(JobExecution e) {
        Map<String, StoredObject> existing = e.shard == null ? objects.existing(e.jobId()) : shards.found(e);
        int found = 0;
        for (int i = 0; i < e.images.length; i++) {
            StoredObject object = existing.get(ObjectKeys.imageKey(e.jobId(), e.plan.globalIndex(i)));
            if (object != null) {
                if (e.pixels != null) {
                    e.pixels[i] = ImageEncoder.decode(objects.read(object.key())).pixels();
                }
                e.images[i] = object;
                found++;
            }
        }
        if (found > 0) {
            LOG.infof("%s resumes: %d of %d images were stored by an interrupted attempt on %s", e, found,
                    e.images.length, e.lease.version());
        }
        return found;
    }

    // ---------------------------------------------------------------- chain

    private void chainLoop() {
        while (true) {
            Optional<Batch<JobExecution>> next;
            try {
                next = batcher.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            try {
                runBatch(next.get());
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "Unexpected failure running a batch of %s", next.get().model());
            }
        }
    }

    private void runBatch(Batch<JobExecution> batch) {
        List<BatchSlice<JobExecution>> live = new ArrayList<>();
        for (BatchSlice<JobExecution> slice : batch.slices()) {
            if (shards.parentCancelled(slice.job())) {
                cancel(slice.job().key());
            }
            if (slice.job().claimSlice()) {
                live.add(slice);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        List<Latents> latents = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Instant now = clock.instant();
        for (BatchSlice<JobExecution> slice : live) {
            JobPlan plan = slice.job().plan;
            for (int index : slice.indices()) {
                latents.add(plan.latents(index));
                labels.add(plan.label(index));
            }
            slice.job().workStarted.compareAndSet(null, now);
            metrics.queueWait(slice.waitedNanos());
        }
        float[] images;
        long t0 = System.nanoTime();
        try (ModelLease lease = batchLease(batch.model(), live)) {
            images = chain.generate(lease.model(), latents, labels.stream().mapToInt(Integer::intValue).toArray());
        } catch (ModelNotAvailableException unavailable) {
            live.forEach(slice -> sliceFailed(slice, FailureCode.MODEL_NOT_FOUND, unavailable.getMessage()));
            return;
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Chain call on %s for %d images failed", batch.model(), latents.size());
            live.forEach(slice -> sliceFailed(slice, FailureCode.INTERNAL, "the chain call failed on "
                    + batch.model() + ": " + failure.getMessage() + "; resend the same request to retry"));
            return;
        }
        metrics.batch(batch.model().name(), latents.size(), System.nanoTime() - t0);
        outputSlots.acquireUninterruptibly();
        AtomicInteger pending = new AtomicInteger(live.size());
        int offset = 0;
        for (BatchSlice<JobExecution> slice : live) {
            int first = offset;
            offset += slice.size();
            io.execute(() -> {
                try {
                    storeSlice(slice, images, first);
                } finally {
                    if (pending.decrementAndGet() == 0) {
                        outputSlots.release();
                    }
                }
            });
        }
    }

    /**
     * The batch's own lease on its version. Every job in the batch also holds a lease on that exact version, so
     * if the registry no longer hands the version out (retired by a hot reload, closing after its last lease) the
     * batch runs on a job's lease instead of failing.
     */
    private ModelLease batchLease(ModelKey model, List<BatchSlice<JobExecution>> live) {
        try {
            return registry.acquire(model.name(), model.version());
        } catch (ModelNotAvailableException retired) {
            ModelLease held = live.get(0).job().lease;
            if (held == null) {
                throw retired;
            }
            LOG.debugf("Batch on %s runs on the lease of %s (%s)", model, live.get(0).job(), retired.getMessage());
            return new BorrowedLease(held);
        }
    }

    private void storeSlice(BatchSlice<JobExecution> slice, float[] images, int first) {
        JobExecution e = slice.job();
        try (JobMdc ignored = JobMdc.of(e.jobId())) {
            int side = e.plan.shapes().imageSize();
            int channels = e.plan.shapes().channels();
            for (int k = 0; k < slice.size(); k++) {
                if (e.phase() == JobExecution.Phase.DONE) {
                    break;
                }
                int index = slice.index(k);
                EncodedImage image = ImageEncoder.encode(images, first + k, side, channels);
                e.images[index] = objects.putPng(ObjectKeys.imageKey(e.jobId(), e.plan.globalIndex(index)),
                        image.png());
                if (e.pixels != null) {
                    e.pixels[index] = image.pixels();
                }
            }
            switch (e.sliceStored(slice.size())) {
                case PROGRESS -> {
                    if (e.progress.tryAcquire()) {
                        publishQuietly(e.shard != null ? shards.progress(e, e.done()) : JobProgress.of(e.request,
                                settings.workerId(), clock.instant(), e.done(), e.plan.imageCount()));
                    }
                }
                case FINALIZE -> finish(e);
                case CANCEL -> endCancelled(e);
                case NOTHING -> {
                }
            }
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Storing images of job %s failed", e.jobId());
            sliceFailed(slice, FailureCode.INTERNAL, "storing images failed: " + failure.getMessage()
                    + "; resend the same request to resume from the images already stored");
        }
    }

    private void sliceFailed(BatchSlice<JobExecution> slice, FailureCode code, String message) {
        slice.job().sliceFailed();
        end(slice.job(), JobFailed.of(slice.job().request, settings.workerId(), clock.instant(), code, message,
                code == FailureCode.MODEL_NOT_FOUND ? "/model" : null), JobOutcome.FAILED, code);
    }

    // ---------------------------------------------------------------- finish

    /** Derived images, manifest LAST, claim removed, then {@code completed}. */
    private void finish(JobExecution e) {
        if (e.shard != null) {
            end(e, () -> shards.finish(e), "shard-done", JobOutcome.COMPLETED, null);
            return;
        }
        try (JobMdc ignored = JobMdc.of(e.jobId())) {
            String jobId = e.jobId();
            List<StoredObject> stored = DerivedOutputs.store(e, objects);
            JobManifest manifest = JobManifest.of(e.request, e.model.name(), e.model.version(), clock.instant(),
                    stored);
            objects.writeManifest(manifest);
            objects.deleteClaim(jobId);
            Instant now = clock.instant();
            Instant started = e.workStarted.get() == null ? now : e.workStarted.get();
            Timings timings = new Timings(millisBetween(e.request.submittedAt(), started),
                    millisBetween(started, now), millisBetween(e.request.submittedAt(), now));
            end(e, new JobCompleted(jobId, now, settings.workerId(), e.request.callback(),
                    wantsUrls(e.request) ? objects.withPresignedUrls(stored) : stored, manifest.key(), e.model.name(),
                    e.model.version(), timings), JobOutcome.COMPLETED, null);
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Finishing job %s failed", e.jobId());
            end(e, JobFailed.of(e.request, settings.workerId(), clock.instant(), FailureCode.INTERNAL,
                    "writing the derived images or the manifest failed: " + failure.getMessage()
                            + "; resend the same request to resume", null), JobOutcome.FAILED, FailureCode.INTERNAL);
        }
    }

    /** A duplicate whose manifest exists: {@code completed} again from the manifest, or a jobId conflict. */
    private void replay(JobExecution e, JobManifest manifest) throws JobRejection {
        if (!RequestContent.sha256(manifest.request()).equals(e.contentSha256)) {
            throw new JobRejection(FailureCode.JOB_ID_CONFLICT, "/jobId", "jobId '" + e.jobId()
                    + "' was already used by a different " + manifest.request().jobType() + " request (finished on "
                    + manifest.modelName() + "/" + manifest.modelVersion() + ", see " + manifest.key()
                    + "); resend the identical request to get that result again, or use a new jobId");
        }
        Instant now = clock.instant();
        LOG.infof("Job %s already finished (%s): answering completed again without recomputing", e.jobId(),
                manifest.key());
        end(e, new JobCompleted(e.jobId(), now, settings.workerId(), e.request.callback(),
                wantsUrls(e.request) ? objects.withPresignedUrls(manifest.objects()) : manifest.objects(),
                manifest.key(), manifest.modelName(), manifest.modelVersion(),
                new Timings(0, 0, millisBetween(e.request.submittedAt(), now))), JobOutcome.REPLAYED, null);
    }

    private void reject(JobExecution e, JobRejection rejection) {
        LOG.infof("Job %s rejected: %s %s (field %s)", e.jobId(), rejection.code(), rejection.getMessage(),
                rejection.field());
        end(e, JobFailed.of(e.request, settings.workerId(), clock.instant(), rejection.code(), rejection.getMessage(),
                rejection.field()), JobOutcome.FAILED, rejection.code());
    }

    private void endCancelled(JobExecution e) {
        recentlyCancelled.put(e.jobId(), e.contentSha256);
        end(e, JobCancelled.of(e.request, settings.workerId(), clock.instant()), JobOutcome.CANCELLED, null);
    }

    /** Writes the terminal event once (a shard: {@link ShardSteps#terminal}), releases the job's resources. */
    private void end(JobExecution e, JobEvent terminal, JobOutcome outcome, FailureCode code) {
        end(e, () -> e.shard == null ? events.publish(terminal) : shards.terminal(terminal), terminal.eventType(),
                outcome, code);
    }

    /** Runs {@code write} once, releases the job's resources, then completes the job's stage. */
    private void end(JobExecution e, Supplier<CompletionStage<Void>> write, String what, JobOutcome outcome,
            FailureCode code) {
        if (!e.markDone()) {
            return;
        }
        batcher.cancel(e);
        closeLease(e);
        CompletionStage<Void> written;
        try {
            written = write.get();
        } catch (RuntimeException failure) {
            written = CompletableFuture.failedFuture(failure);
        }
        written.whenComplete((ok, failure) -> {
            active.remove(e.key(), e);
            metrics.jobFinished(e.request.jobType(), outcome, code, System.nanoTime() - e.receivedNanos);
            try (JobMdc ignored = JobMdc.of(e.jobId())) {
                if (failure == null) {
                    LOG.infof("%s %s", e, outcome.tag());
                    e.result.complete(outcome);
                } else {
                    LOG.errorf(failure, "%s: its %s could not be written; its offset is NOT committed"
                            + " and it will be redone (idempotently)", e, what);
                    e.result.completeExceptionally(failure);
                }
            }
        });
    }

    private void closeLease(JobExecution e) {
        ModelLease lease = e.lease;
        if (lease != null) {
            e.lease = null;
            try {
                lease.close();
            } catch (RuntimeException failure) {
                LOG.warnf(failure, "Job %s: closing its model lease failed", e.jobId());
            }
        }
    }

    private static boolean wantsUrls(JobRequest request) {
        return request instanceof GenerateJob generate && generate.outputOrDefault().wantsPresignedUrls();
    }

    private void publishQuietly(JobEvent event) {
        events.publish(event).whenComplete((written, failure) -> {
            if (failure != null) {
                LOG.warnf("Job %s: %s event not written: %s", event.jobId(), event.eventType(), failure.getMessage());
            }
        });
    }

    private static JobRejection internal(String what, RuntimeException failure) {
        return new JobRejection(FailureCode.INTERNAL, null, what + ": " + failure.getMessage()
                + "; retrying the same request may help");
    }

    private static long millisBetween(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
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
            closeLease(e);
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
