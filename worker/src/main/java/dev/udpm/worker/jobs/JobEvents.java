package dev.udpm.worker.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.worker.batching.ModelKey;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.output.JobObjects;
import org.jboss.logging.Logger;

/**
 * Builds and emits the job events of {@link JobPipeline}: the size check of the {@code completed} event
 * ({@link EventSizeLimit}), {@code accepted}, throttled {@code progress} (built by the execution's
 * {@link ExecutionKind}) and the terminal events ({@code completed}, {@code failed}, {@code cancelled}), which the
 * kind writes ({@link ExecutionKind#terminal}).
 */
final class JobEvents {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    private final JobEventSink events;
    private final JobObjects objects;
    private final String workerId;
    private final long maxEventBytes;
    private final boolean presignedUrls;
    private final Clock clock;

    JobEvents(JobEventSink events, JobObjects objects, String workerId, long maxEventBytes,
            boolean presignedUrls, Clock clock) {
        this.presignedUrls = presignedUrls;
        this.events = events;
        this.objects = objects;
        this.workerId = workerId;
        this.maxEventBytes = maxEventBytes;
        this.clock = clock;
    }

    /** Refuses a job admitted as {@code admitted} whose {@code completed} event could be too large. */
    void checkSize(JobRequest request, Admitted admitted) throws JobRejection {
        JobPlan plan = admitted.plan();
        ModelKey model = admitted.model();
        int objectCount = plan.indexedObjectCount() + (plan.gridColumns().isPresent() ? 1 : 0);
        int urlLength = wantsUrls(request) ? objects.presignedUrl(ObjectKeys.imageKey(request.jobId(), 0)).length()
                : 0;
        EventSizeLimit.check(request, workerId, model.name(), model.version(),
                admitted.lease().model().manifest().classNames(), objectCount, urlLength, maxEventBytes);
    }

    /** Publishes {@code accepted} (not waited for). */
    void accepted(JobExecution e) {
        publishQuietly(e, JobAccepted.of(e.request, workerId, clock.instant()));
    }

    /** Publishes {@code progress} (its kind's, not waited for) if the execution's throttle lets it. */
    void progress(JobExecution e) {
        if (e.progress().tryAcquire()) {
            publishQuietly(e, e.kind.progress(e, e.done()));
        }
    }

    /** The {@code progress} event of a whole job with {@code done} images stored. */
    JobProgress jobProgress(JobExecution e, int done) {
        return JobProgress.of(e.request, workerId, clock.instant(), done, e.plan().imageCount());
    }

    /** The {@code completed} event of a job whose objects and manifest were just stored (with its lineage). */
    JobCompleted completed(JobExecution e, List<StoredObject> stored, JobManifest manifest) {
        Instant now = clock.instant();
        Instant started = e.workStarted.get() == null ? now : e.workStarted.get();
        Timings timings = new Timings(millisBetween(e.request.submittedAt(), started),
                millisBetween(started, now), millisBetween(e.request.submittedAt(), now));
        return new JobCompleted(e.jobId(), now, workerId, e.request.callback(),
                wantsUrls(e.request) ? objects.withPresignedUrls(stored) : stored, manifest.key(), e.model().name(),
                e.model().version(), timings, null, null, manifest.lineage());
    }

    /** The {@code completed} event again, from the manifest of a job that finished before. */
    JobCompleted replayed(JobExecution e, JobManifest manifest, Instant now) {
        return new JobCompleted(e.jobId(), now, workerId, e.request.callback(),
                wantsUrls(e.request) ? objects.withPresignedUrls(manifest.objects()) : manifest.objects(),
                manifest.key(), manifest.modelName(), manifest.modelVersion(),
                new Timings(0, 0, millisBetween(e.request.submittedAt(), now)), null, null, manifest.lineage());
    }

    JobFailed failed(JobExecution e, FailureCode code, String message, String field) {
        return JobFailed.of(e.request, workerId, clock.instant(), code, message, field);
    }

    JobCancelled cancelled(JobExecution e) {
        return JobCancelled.of(e.request, workerId, clock.instant());
    }

    /** Writes {@code event} of {@code e} ({@link #traced}); the stage completes once it is acknowledged. */
    CompletionStage<Void> publish(JobExecution e, JobEvent event) {
        return traced(events, e, event);
    }

    /**
     * Writes {@code event} of {@code e} to {@code sink} with {@code e}'s trace id (when it is traced), and records
     * the write, until the broker acknowledged it, as a stage of its trace.
     */
    static CompletionStage<Void> traced(JobEventSink sink, JobExecution e, JobEvent event) {
        String traceId = e.trace.traceId();
        JobEvent stamped = traceId == null || event.traceId() != null ? event : event.withTraceId(traceId);
        Instant start = Instant.now();
        CompletionStage<Void> written;
        try {
            written = sink.publish(stamped);
        } catch (RuntimeException failure) {
            written = CompletableFuture.failedFuture(failure);
        }
        return written.whenComplete((ok, failure) -> e.trace.stage(JobTrace.Stage.EVENT, start, Instant.now(),
                Map.of(JobTrace.Attr.EVENT_TYPE, event.eventType()), failure == null ? null : failure.toString()));
    }

    private void publishQuietly(JobExecution e, JobEvent event) {
        traced(events, e, event).whenComplete((written, failure) -> {
            if (failure != null) {
                LOG.warnf("Job %s: %s event not written: %s", event.jobId(), event.eventType(), failure.getMessage());
            }
        });
    }

    /** Whether {@code request} asks for presigned URLs and this deployment allows them. */
    private boolean wantsUrls(JobRequest request) {
        return presignedUrls && request instanceof GenerateJob generate
                && generate.outputOrDefault().wantsPresignedUrls();
    }

    private static long millisBetween(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }
}
