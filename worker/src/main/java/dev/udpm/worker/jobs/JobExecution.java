package dev.udpm.worker.jobs;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import dev.udpm.core.math.Hwc;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.worker.batching.ModelKey;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.tenants.TenantQuotas;

/**
 * The state of one execution inside {@link JobPipeline}: what it runs ({@link ExecutionKind}: a whole job or a shard
 * of a bulk job), where it stands, what it has stored.
 *
 * <p>Life cycle ({@link Phase}): STARTING (idempotency, model, claim, plan: {@link ExecutionKind#admit}) -> RUNNING
 * (images queued in the batcher or in a chain call) -> FINALIZING (derived images, manifest, completed) -> DONE
 * (terminal event sent). A cancellation during STARTING or RUNNING ends it as soon as no chain call holds its images.
 * What admission returned ({@link Admitted}) is set once, before the batcher hand-off (which synchronises) and the
 * chain thread reads it only after; the phase and counters are guarded by {@code this}.
 */
final class JobExecution {

    enum Phase { STARTING, RUNNING, FINALIZING, DONE }

    final ExecutionKind kind;
    final JobRequest request;
    final String contentSha256;
    final Instant receivedAt;
    /**
     * When the job's record was written to {@code udpm.jobs} (its Kafka timestamp), or {@code null} when unknown: a
     * record written before the job's terminal event is a redelivery of a record already answered.
     */
    final Instant recordTime;
    final long receivedNanos;
    final CompletableFuture<JobOutcome> result = new CompletableFuture<>();
    final AtomicReference<Instant> workStarted = new AtomicReference<>();
    /** The execution's trace ({@link JobTrace#NONE} when untraced); set by the pipeline before the execution runs. */
    volatile JobTrace trace = JobTrace.NONE;

    /** The lease while the execution holds it (from admission until it ends). */
    private final AtomicReference<ModelLease> lease = new AtomicReference<>();
    /** The tenant's in-flight images this execution holds (from admission until it ends). */
    private final AtomicReference<TenantQuotas.Hold> quota = new AtomicReference<>();
    private volatile Admitted admitted;
    private volatile StoredObject[] images;
    private volatile Hwc[] pixels;
    private volatile JobSamples samples;
    private volatile ProgressThrottle progress;

    private Phase phase = Phase.STARTING;
    private boolean cancelRequested;
    private boolean handedOver;
    private int inFlightSlices;
    private int done;

    JobExecution(ExecutionKind kind, JobRequest request, String contentSha256, Instant receivedAt,
            Instant recordTime, long receivedNanos) {
        this.kind = kind;
        this.request = request;
        this.contentSha256 = contentSha256;
        this.receivedAt = receivedAt;
        this.recordTime = recordTime;
        this.receivedNanos = receivedNanos;
    }

    String jobId() {
        return request.jobId();
    }

    /** What the pipeline knows this execution by: the jobId, or {@code {jobId}#s{k}} for a shard. */
    String key() {
        return kind.key(this);
    }

    /**
     * Takes what admission returned (once): its lease until the execution ends, its plan, and an empty slot per
     * image (plus pixels when the plan derives images from them).
     */
    void admitted(Admitted how, ProgressThrottle throttle) {
        if (admitted != null) {
            throw new IllegalStateException(this + " was already admitted");
        }
        int total = how.plan().imageCount();
        images = new StoredObject[total];
        pixels = how.plan().needsPixels() ? new Hwc[total] : null;
        samples = new JobSamples(request, how.plan(), how.lease().name(), how.lease().version(),
                how.lease().model().manifestSha256());
        progress = throttle;
        lease.set(how.lease());
        admitted = how;
    }

    JobPlan plan() {
        return admitted.plan();
    }

    ModelKey model() {
        return admitted.model();
    }

    /** The execution's image slots, in plan order ({@code null} until stored or found). */
    StoredObject[] images() {
        return images;
    }

    /** The per-image metadata and, for format shards, the tar shards being filled. */
    JobSamples samples() {
        return samples;
    }

    /** The images' pixels when the plan derives images from them, else {@code null}. */
    Hwc[] pixels() {
        return pixels;
    }

    ProgressThrottle progress() {
        return progress;
    }

    /** The lease the execution holds, or {@code null} before admission and once it ended. */
    ModelLease lease() {
        return lease.get();
    }

    /** Gives up the lease (the caller closes it); {@code null} when none is held. */
    ModelLease releaseLease() {
        return lease.getAndSet(null);
    }

    /** Takes {@code hold} of the tenant's quota until the execution ends ({@link #releaseQuota()}). */
    void holdQuota(TenantQuotas.Hold hold) {
        if (!quota.compareAndSet(null, hold)) {
            hold.release();
            throw new IllegalStateException(this + " already holds its tenant's quota");
        }
    }

    /** Gives the tenant's in-flight images back (once; nothing when none are held). */
    void releaseQuota() {
        TenantQuotas.Hold held = quota.getAndSet(null);
        if (held != null) {
            held.release();
        }
    }

    synchronized Phase phase() {
        return phase;
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    synchronized int done() {
        return done;
    }

    /**
     * Leaves STARTING with {@code alreadyDone} images found in the store.
     *
     * @return the next phase: RUNNING (queue the rest), FINALIZING (nothing left to compute) or, when a cancel
     *     arrived meanwhile, STARTING unchanged (the caller ends the job as cancelled)
     */
    synchronized Phase started(int alreadyDone) {
        if (cancelRequested || phase != Phase.STARTING) {
            return phase;
        }
        done = alreadyDone;
        phase = alreadyDone == plan().imageCount() ? Phase.FINALIZING : Phase.RUNNING;
        return phase;
    }

    /** The chain thread takes a slice of this job: false if the job was cancelled or ended meanwhile. */
    synchronized boolean claimSlice() {
        if (phase != Phase.RUNNING || cancelRequested) {
            return false;
        }
        inFlightSlices++;
        return true;
    }

    /** What to do after a slice of {@code images} images was stored. */
    enum AfterSlice { NOTHING, PROGRESS, FINALIZE, CANCEL }

    synchronized AfterSlice sliceStored(int images) {
        inFlightSlices--;
        if (phase != Phase.RUNNING) {
            return AfterSlice.NOTHING;
        }
        done += images;
        if (cancelRequested) {
            return inFlightSlices == 0 ? AfterSlice.CANCEL : AfterSlice.NOTHING;
        }
        if (done == plan().imageCount()) {
            phase = Phase.FINALIZING;
            return AfterSlice.FINALIZE;
        }
        return AfterSlice.PROGRESS;
    }

    /** A slice's chain call or storage failed. */
    synchronized void sliceFailed() {
        inFlightSlices--;
    }

    /** Outcome of {@link #requestCancel()}. */
    enum CancelDecision { TOO_LATE, LATER, NOW }

    /**
     * Marks the job cancelled: TOO_LATE once it is finalizing or done, NOW if it is running and no chain call holds
     * its images (the caller ends it), LATER otherwise (the last slice or the start step ends it).
     */
    synchronized CancelDecision requestCancel() {
        if (phase == Phase.FINALIZING || phase == Phase.DONE) {
            return CancelDecision.TOO_LATE;
        }
        boolean first = !cancelRequested;
        cancelRequested = true;
        return first && phase == Phase.RUNNING && inFlightSlices == 0 ? CancelDecision.NOW : CancelDecision.LATER;
    }

    /**
     * Stops the job as a cancel does, but ends it without a terminal event ({@link JobEnding#cancelled}): another
     * worker now owns its record and resumes it. TOO_LATE once it is finalizing (it then ends as usual).
     */
    synchronized CancelDecision requestHandOver() {
        CancelDecision decision = requestCancel();
        if (decision != CancelDecision.TOO_LATE) {
            handedOver = true;
        }
        return decision;
    }

    /** Whether its stop was a hand-over ({@link #requestHandOver}), not a cancel. */
    synchronized boolean handedOver() {
        return handedOver;
    }

    /** Moves to DONE; false if it already was (exactly one terminal event per execution). */
    synchronized boolean markDone() {
        if (phase == Phase.DONE) {
            return false;
        }
        phase = Phase.DONE;
        return true;
    }

    @Override
    public String toString() {
        return kind.describe(this);
    }
}
