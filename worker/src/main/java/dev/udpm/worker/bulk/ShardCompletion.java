package dev.udpm.worker.bulk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.TarShard;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.job.OutputFormat;
import dev.udpm.schemas.job.ShardDone;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.job.ShardRange;
import dev.udpm.storage.IncompleteUpload;
import dev.udpm.storage.StorageUnavailableException;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.jobs.JobMdc;
import dev.udpm.worker.jobs.JobTrace;
import dev.udpm.worker.jobs.JobTracer;
import dev.udpm.worker.output.BulkPlan;
import dev.udpm.worker.output.IndexFile;
import dev.udpm.worker.output.JobObjects;
import org.jboss.logging.Logger;

/**
 * The end of a bulk job, on the worker owning the job's partition of {@code udpm.jobs}: every {@code shard-done} and
 * the job's {@code cancel} are keyed by the jobId, so they reach this one worker, in order.
 *
 * <h2>Completion ({@link #onShardDone})</h2>
 * When every shard manifest of {@code bulk.json}'s split is stored and the merged manifest is not: every shard
 * manifest is read once (its sha256 is that of the bytes read), the job's {@code index.jsonl} is built from their
 * sample records (with their model fields) in shard order in a local file, hashed while written, and uploaded; then
 * the merged {@code jobs/{jobId}/manifest.json} (no objects of its own; every shard manifest with its sha256 in shard
 * order, {@link JobManifest#bulk}; the lineage of shard 0; the index; for {@code output.format = shards} every tar
 * shard once, as the shard manifests list them) is written, then ONE {@code completed} pointing at it (key, sha256,
 * object count, lineage).
 *
 * <p>Before it uploads {@code index.jsonl} (a multipart upload when above the client's 5 MiB part size), the merge aborts
 * every incomplete multipart upload under {@code jobs/{jobId}/}: an earlier merge killed in the middle of that upload
 * left one, which shows no object but keeps its parts in the bucket. The tars are single PUTs of whole bytes, so a
 * killed attempt never leaves a partial tar, visible or not.
 *
 * <p>Requests to the object store: a shard-done lists the shard manifests (one listing page per 1,000 shards); the
 * last one also reads the merged manifest (absent), {@code bulk.json} (unless this worker split the job), every shard
 * manifest, lists the job's incomplete multipart uploads (one request; plus one abort per upload found), and writes
 * {@code index.jsonl} and the merged manifest. A shard-done arriving after this worker completed
 * the job costs none.
 * A shard-done after that finds the merged manifest and does nothing when the job is known completed (here, or
 * fleet-wide); when it is not (this worker crashed between the manifest and the event, and a redelivered shard-done
 * arrives), {@code completed} is written again: at-least-once, like every event of the fleet.
 *
 * <h2>Cancel ({@link #cancel})</h2>
 * A bulk job split and not yet merged gets {@code cancelled} (the request's callback from {@code bulk.json}). The
 * shards on every worker see the job cancelled fleet-wide before their next batch and stop; a shard-done arriving
 * later finds the job cancelled and merges nothing, so a cancelled bulk job never gets a merged manifest or a
 * {@code completed}. The cancel usually arrives first through {@code CancelWatch} (every worker reads every
 * cancel record at once; the owner of the job's partition answers it), then again in partition order, which is
 * then a no-op: a bulk job gets one {@code cancelled}. Completion and cancel exclude each other (synchronized), so a
 * job is either merged or cancelled.
 *
 * <h2>Tracing</h2>
 * The merge and its {@code completed}, and the cancel and its {@code cancelled}, are spans
 * ({@value JobTrace.BulkStep#COMPLETE}, {@value JobTrace.BulkStep#CANCEL}) of the trace the split stored in
 * {@code bulk.json} ({@link BulkPlan#traceContext()}), whichever worker and whenever they run; the event carries its
 * id. A bulk job split untraced stays untraced.
 */
public final class ShardCompletion {

    private static final Logger LOG = Logger.getLogger(ShardCompletion.class);
    private static final int REMEMBERED = 1024;
    /** A merge failure is announced once per this long: the shard-done records of one outage share it. */
    private static final Duration FAILURE_MEMORY = Duration.ofMinutes(10);
    private static final int MAX_MESSAGE = 4096;

    private final JobObjects objects;
    private final JobEventSink events;
    private final Predicate<String> cancelledFleetWide;
    private final Predicate<String> completedFleetWide;
    private final String workerId;
    private final JobTracer tracer;
    private final Clock clock;
    private final Set<String> completedHere = remembered();
    private final Set<String> cancelledHere = remembered();
    private final Map<String, Instant> failedHere = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED;
        }
    });

    public ShardCompletion(JobObjects objects, JobEventSink events, Predicate<String> cancelledFleetWide,
            Predicate<String> completedFleetWide, String workerId, Clock clock) {
        this(objects, events, cancelledFleetWide, completedFleetWide, workerId, JobTracer.none(), clock);
    }

    /** @param tracer traces the merges and cancels ({@link JobTracer#none()}: none) */
    public ShardCompletion(JobObjects objects, JobEventSink events, Predicate<String> cancelledFleetWide,
            Predicate<String> completedFleetWide, String workerId, JobTracer tracer, Clock clock) {
        this.tracer = tracer;
        this.objects = objects;
        this.events = events;
        this.cancelledFleetWide = cancelledFleetWide;
        this.completedFleetWide = completedFleetWide;
        this.workerId = workerId;
        this.clock = clock;
    }

    /**
     * Handles shard {@code done.shard().index()} of its job being stored.
     *
     * @return completes once whatever it wrote is written (nothing, or the merged manifest and {@code completed})
     */
    public synchronized CompletionStage<Void> onShardDone(ShardDone done) {
        try {
            return merge(done);
        } catch (StorageUnavailableException unavailable) {
            return storeUnavailable(done, unavailable);
        }
    }

    /**
     * The object store stayed away longer than the retries while merging: the job fails
     * {@code STORAGE_UNAVAILABLE}, once (not again for the job's next shard-done), and the shard-done is handled
     * (its shard manifest stays stored; resending the request merges it).
     */
    private CompletionStage<Void> storeUnavailable(ShardDone done, StorageUnavailableException unavailable) {
        String jobId = done.jobId();
        Instant now = clock.instant();
        Instant failedBefore = failedHere.get(jobId);
        if (failedBefore != null && now.minus(FAILURE_MEMORY).isBefore(failedBefore)) {
            LOG.infof("Bulk job %s: shard %d done but the object store is unavailable; the job's failure was already"
                    + " announced", jobId, done.shard().index());
            return CompletableFuture.completedFuture(null);
        }
        LOG.errorf("Bulk job %s: merging failed: %s", jobId, unavailable.getMessage());
        failedHere.put(jobId, now);
        return events.publish(new JobFailed(jobId, now, workerId, null, FailureCode.STORAGE_UNAVAILABLE,
                truncate("merging the shards failed: " + unavailable.getMessage() + "; the shard manifests are kept:"
                        + " resend the same request once the object store is back"), null));
    }

    private CompletionStage<Void> merge(ShardDone done) {
        String jobId = done.jobId();
        if (cancelled(jobId)) {
            LOG.infof("Bulk job %s: shard %d done after the job was cancelled; nothing merged", jobId,
                    done.shard().index());
            return CompletableFuture.completedFuture(null);
        }
        if (completedHere.contains(jobId)) {
            LOG.debugf("Bulk job %s: shard %d done again; this worker completed the job", jobId, done.shard().index());
            return CompletableFuture.completedFuture(null);
        }
        int stored = objects.shardManifestKeys(jobId).size();
        if (stored < done.shard().count()) {
            LOG.debugf("Bulk job %s: shard %d done by %s, %d of %d shards stored", jobId, done.shard().index(),
                    done.workerId(), stored, done.shard().count());
            return CompletableFuture.completedFuture(null);
        }
        Optional<JobManifest> merged = objects.manifest(jobId);
        if (merged.isPresent()) {
            if (completedFleetWide.test(jobId)) {
                LOG.debugf("Bulk job %s: shard %d done again; the job is already completed", jobId,
                        done.shard().index());
                return CompletableFuture.completedFuture(null);
            }
            return replay(merged.get(), trace(JobTrace.BulkStep.COMPLETE, objects.bulkPlan(jobId), clock.instant()));
        }
        Instant began = clock.instant();
        BulkPlan plan = objects.bulkPlan(jobId).orElseThrow(() -> new IllegalStateException("bulk job " + jobId
                + " has shard manifests but no " + ObjectKeys.bulkKey(jobId)));
        boolean shardsFormat = plan.request().outputOrDefault().formatOrDefault() == OutputFormat.SHARDS;
        List<JobManifest.ShardEntry> entries = new ArrayList<>();
        List<TarShard> tars = shardsFormat ? new ArrayList<>() : null;
        ShardManifest first = null;
        StoredObject index;
        try (IndexFile lines = IndexFile.create()) {
            boolean indexed = true;
            for (ShardRange range : plan.shards()) {
                Optional<JobObjects.ShardManifestRead> read = objects.shardManifest(jobId, range.index());
                if (read.isEmpty()) {
                    LOG.debugf("Bulk job %s: shard %d not stored yet", jobId, range.index());
                    return CompletableFuture.completedFuture(null);
                }
                ShardManifest shard = checked(plan, range, read.get());
                entries.add(new JobManifest.ShardEntry(range.index(), range.from(), range.to(), read.get().stored()));
                first = first == null ? shard : first;
                if (shard.samples() == null) {
                    if (indexed) {
                        LOG.warnf("Bulk job %s: %s lists no samples (an older worker ran it); the merged manifest has"
                                + " no index", jobId, read.get().stored().key());
                    }
                    indexed = false;
                } else if (indexed) {
                    shard.samples().forEach(sample -> lines.append(sample.withModel(shard.modelName(),
                            shard.modelVersion(), shard.modelManifestSha256())));
                }
                if (shardsFormat) {
                    tars.addAll(shard.tarShards());
                }
            }
            // A merge killed while uploading index.jsonl (the job's one multipart upload) left an incomplete upload.
            List<IncompleteUpload> stale = objects.abortIncompleteUploads(jobId);
            if (!stale.isEmpty()) {
                LOG.infof("Bulk job %s: aborted %d incomplete upload(s) an earlier attempt left: %s", jobId,
                        stale.size(), stale.stream().map(IncompleteUpload::key).toList());
            }
            index = indexed ? objects.putIndex(ObjectKeys.indexKey(jobId), lines) : null;
        }
        JobManifest manifest = JobManifest.bulk(plan.request(), plan.request().model().name(), plan.modelVersion(),
                clock.instant(), entries, lineageOf(plan, entries.get(0).manifest().key(), first))
                .withSamples(first.modelManifestSha256(), null, index, tars);
        StoredObject written = objects.writeManifest(manifest);
        JobTrace trace = trace(JobTrace.BulkStep.COMPLETE, Optional.of(plan), began);
        try (JobMdc ignored = JobMdc.of(jobId, trace.traceId())) {
            LOG.infof("Bulk job %s: all %d shards stored, merged manifest %s written", jobId, entries.size(),
                    written.key());
        }
        trace.stage(JobTrace.Stage.FINALIZE, began, clock.instant(), Map.of(JobTrace.Attr.IMAGES,
                plan.request().count()), null);
        return publishCompleted(manifest, written, plan.created(), trace);
    }

    /**
     * The span {@code step} of the bulk job, continuing the trace its split stored in {@code plan}; none when the
     * split was not traced (or the plan is gone).
     */
    private JobTrace trace(String step, Optional<BulkPlan> plan, Instant start) {
        return plan.map(BulkPlan::traceContext).map(context -> tracer.startBulk(step, plan.get().request().jobId(),
                context, start)).orElse(JobTrace.NONE);
    }

    /**
     * {@code read}, checked to be shard {@code range} of the job and, for format shards, to list its tar shards (the
     * tars are uploaded whole before the shard manifest, so a stored shard manifest vouches for them).
     */
    private static ShardManifest checked(BulkPlan plan, ShardRange range, JobObjects.ShardManifestRead read) {
        ShardManifest shard = read.manifest();
        String jobId = plan.request().jobId();
        if (!shard.jobId().equals(jobId) || !shard.shard().equals(range)) {
            throw new IllegalStateException(read.stored().key() + " is shard " + shard.shard() + " of job "
                    + shard.jobId() + ", not shard " + range + " of " + jobId);
        }
        boolean shardsFormat = plan.request().outputOrDefault().formatOrDefault() == OutputFormat.SHARDS;
        if (shardsFormat && shard.tarShards() == null) {
            throw new IllegalStateException("bulk job " + jobId + ": " + read.stored().key() + " lists no tar shards");
        }
        return shard;
    }

    /**
     * The merged manifest's lineage: shard 0's (every shard runs the same request on the same pinned version; each
     * shard manifest keeps the lineage of the worker that ran it), or none when shard 0's manifest has none (written
     * by an older worker) or does not describe this job's request and version.
     */
    private static Lineage lineageOf(BulkPlan plan, String key, ShardManifest shard) {
        Lineage lineage = shard.lineage();
        if (lineage == null) {
            LOG.infof("Bulk job %s: %s has no lineage (an older worker ran it); the merged manifest has none",
                    plan.request().jobId(), key);
            return null;
        }
        if (!lineage.requestSha256().equals(Lineage.requestSha256(plan.request()))
                || !lineage.model().name().equals(plan.request().model().name())
                || !lineage.model().version().equals(plan.modelVersion())) {
            LOG.warnf("Bulk job %s: the lineage of %s (request %s, model %s/%s) does not describe the job's request"
                    + " on %s/%s; the merged manifest has none", plan.request().jobId(), key, lineage.requestSha256(),
                    lineage.model().name(), lineage.model().version(), plan.request().model().name(),
                    plan.modelVersion());
            return null;
        }
        return lineage;
    }

    /**
     * {@code completed} again for a merged manifest (a finished bulk job submitted again, or a lost event), in
     * {@code trace}, which this ends.
     */
    public CompletionStage<Void> replay(JobManifest merged, JobTrace trace) {
        StoredObject stored = objects.stored(merged.key()).orElseThrow(() -> new IllegalStateException(
                merged.key() + " has no sha256 metadata"));
        LOG.infof("Bulk job %s already merged (%s): answering completed again", merged.jobId(), merged.key());
        return publishCompleted(merged, stored, null, trace);
    }

    /**
     * Cancels the bulk job {@code jobId} if it was split here or elsewhere and is not merged.
     *
     * @return the stage of the written {@code cancelled}, or empty when {@code jobId} is no running bulk job
     */
    public synchronized Optional<CompletionStage<Void>> cancel(String jobId) {
        if (cancelled(jobId)) {
            LOG.debugf("Cancel of bulk job %s: already cancelled", jobId);
            return Optional.of(CompletableFuture.completedFuture(null));
        }
        Optional<BulkPlan> plan = objects.bulkPlan(jobId);
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        if (objects.manifest(jobId).isPresent()) {
            LOG.infof("Cancel of bulk job %s: too late, it is merged", jobId);
            return Optional.empty();
        }
        cancelledHere.add(jobId);
        JobTrace trace = trace(JobTrace.BulkStep.CANCEL, plan, clock.instant());
        try (JobMdc ignored = JobMdc.of(jobId, trace.traceId())) {
            LOG.infof("Bulk job %s cancelled: its shards stop within one batch on every worker", jobId);
        }
        return Optional.of(publish(JobCancelled.of(plan.get().request(), workerId, clock.instant()), trace)
                .whenComplete((ok, failure) -> trace.end(clock.instant(), "cancelled", null)));
    }

    private boolean cancelled(String jobId) {
        return cancelledHere.contains(jobId) || cancelledFleetWide.test(jobId);
    }

    private CompletionStage<Void> publishCompleted(JobManifest manifest, StoredObject stored, Instant split,
            JobTrace trace) {
        Instant now = clock.instant();
        Instant submitted = manifest.request().submittedAt();
        Instant started = split == null ? now : split;
        Timings timings = new Timings(millis(submitted, started), millis(started, now), millis(submitted, now));
        JobCompleted completed = new JobCompleted(manifest.jobId(), now, workerId, manifest.request().callback(),
                List.of(), manifest.key(), manifest.modelName(), manifest.modelVersion(), timings, stored.sha256(),
                manifest.shardImageCount(), manifest.lineage());
        return publish(completed, trace).whenComplete((ok, failure) -> trace.end(clock.instant(),
                failure == null ? "completed" : "error", null)).thenRun(() -> completedHere.add(manifest.jobId()));
    }

    private CompletionStage<Void> publish(JobEvent event, JobTrace trace) {
        return TracedEvents.publish(events, event, trace, clock);
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    }

    private static long millis(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    private static Set<String> remembered() {
        return Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        }));
    }
}
