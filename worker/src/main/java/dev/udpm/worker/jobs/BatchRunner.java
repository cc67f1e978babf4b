package dev.udpm.worker.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.udpm.core.latent.Latents;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.storage.StorageUnavailableException;
import dev.udpm.worker.batching.Batch;
import dev.udpm.worker.batching.BatchSlice;
import dev.udpm.worker.batching.DynamicBatcher;
import dev.udpm.worker.batching.ModelKey;
import dev.udpm.worker.batching.PaddedChain;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.models.ModelNotAvailableException;
import dev.udpm.worker.models.ModelRegistry;
import dev.udpm.worker.output.EncodedImage;
import dev.udpm.worker.tenants.TenantQuotas;
import org.jboss.logging.Logger;

/**
 * The chain thread of {@link JobPipeline}: takes batches from the {@link DynamicBatcher}, makes one
 * {@link PaddedChain} call per batch (images of several jobs) under a lease on the batch's version, then hands
 * each job's slice to the I/O threads for storage (at most {@code maxPendingOutputBatches} batches pending), after
 * which the job gets {@code progress}, finishes or ends cancelled.
 */
final class BatchRunner implements Runnable {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    private final DynamicBatcher<JobExecution> batcher;
    private final PaddedChain chain;
    private final ModelRegistry registry;
    private final Executor io;
    private final Semaphore outputSlots;
    private final JobOutputWriter output;
    private final JobEvents events;
    private final JobEnding ending;
    private final Consumer<String> cancel;
    private final JobMetrics metrics;
    private final TenantQuotas quotas;
    private final Clock clock;

    /** @param cancel cancels a job by its key (a shard whose bulk job was cancelled fleet-wide) */
    BatchRunner(DynamicBatcher<JobExecution> batcher, PaddedChain chain, ModelRegistry registry, Executor io,
            Semaphore outputSlots, JobOutputWriter output, JobEvents events, JobEnding ending,
            Consumer<String> cancel, JobMetrics metrics, TenantQuotas quotas, Clock clock) {
        this.quotas = quotas;
        this.batcher = batcher;
        this.chain = chain;
        this.registry = registry;
        this.io = io;
        this.outputSlots = outputSlots;
        this.output = output;
        this.events = events;
        this.ending = ending;
        this.cancel = cancel;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The chain loop: runs until the batcher is closed or the thread interrupted. */
    @Override
    public void run() {
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
            if (slice.job().kind.cancelledElsewhere(slice.job())) {
                cancel.accept(slice.job().key());
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
            JobPlan plan = slice.job().plan();
            for (int index : slice.indices()) {
                latents.add(plan.latents(index));
                labels.add(plan.label(index));
            }
            slice.job().workStarted.compareAndSet(null, now);
            metrics.queueWait(slice.waitedNanos());
        }
        float[] images;
        long t0 = System.nanoTime();
        Instant chainStart = clock.instant();
        try (ModelLease lease = batchLease(batch.model(), live)) {
            images = chain.generate(lease.model(), latents, labels.stream().mapToInt(Integer::intValue).toArray());
            traceChain(live, batch.model(), latents.size(), chainStart, null);
        } catch (ModelNotAvailableException unavailable) {
            traceChain(live, batch.model(), latents.size(), chainStart, unavailable.failureCode().name());
            live.forEach(slice -> ending.sliceFailed(slice, unavailable.failureCode(), unavailable.getMessage()));
            return;
        } catch (RuntimeException failure) {
            traceChain(live, batch.model(), latents.size(), chainStart, "chain call failed: " + failure);
            LOG.errorf(failure, "Chain call on %s for %d images failed", batch.model(), latents.size());
            live.forEach(slice -> ending.sliceFailed(slice, FailureCode.INTERNAL, "the chain call failed on "
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
     * Each job of the batch gets its slice's wait in the batcher and the chain call (shared, so the same times in
     * every job's trace) as stages.
     */
    private void traceChain(List<BatchSlice<JobExecution>> live, ModelKey model, int batchImages, Instant start,
            String error) {
        Instant end = clock.instant();
        for (BatchSlice<JobExecution> slice : live) {
            JobTrace trace = slice.job().trace;
            trace.stage(JobTrace.Stage.BATCH_WAIT, start.minusNanos(slice.waitedNanos()), start,
                    Map.of(JobTrace.Attr.IMAGES, (long) slice.size()), null);
            trace.stage(JobTrace.Stage.CHAIN, start, end, Map.of(JobTrace.Attr.IMAGES, (long) slice.size(),
                    JobTrace.Attr.BATCH_IMAGES, (long) batchImages, JobTrace.Attr.MODEL, model.name() + "/"
                            + model.version()), error);
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
            ModelLease held = live.get(0).job().lease();
            if (held == null) {
                throw retired;
            }
            LOG.debugf("Batch on %s runs on the lease of %s (%s)", model, live.get(0).job(), retired.getMessage());
            return new BorrowedLease(held);
        }
    }

    private void storeSlice(BatchSlice<JobExecution> slice, float[] images, int first) {
        JobExecution e = slice.job();
        try (JobMdc ignored = JobMdc.of(e)) {
            Map<String, Object> size = Map.of(JobTrace.Attr.IMAGES, (long) slice.size());
            Instant encodeStart = clock.instant();
            EncodedImage[] encoded = output.encode(slice, images, first);
            Instant uploadStart = clock.instant();
            e.trace.stage(JobTrace.Stage.ENCODE, encodeStart, uploadStart, size, null);
            try {
                output.upload(slice, encoded);
            } catch (RuntimeException failure) {
                e.trace.stage(JobTrace.Stage.UPLOAD, uploadStart, clock.instant(), size, failure.toString());
                throw failure;
            }
            e.trace.stage(JobTrace.Stage.UPLOAD, uploadStart, clock.instant(), size, null);
            quotas.imagesDone(e.request.tenant(), slice.size());
            switch (e.sliceStored(slice.size())) {
                case PROGRESS -> events.progress(e);
                case FINALIZE -> ending.finish(e);
                case CANCEL -> ending.cancelled(e);
                case NOTHING -> {
                }
            }
        } catch (StorageUnavailableException unavailable) {
            LOG.errorf("Storing images of %s failed: %s", e, unavailable.getMessage());
            ending.sliceFailed(slice, FailureCode.STORAGE_UNAVAILABLE, "storing images failed: "
                    + unavailable.getMessage() + "; the images already stored are kept: resend the same request once"
                    + " the object store is back to resume");
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Storing images of job %s failed", e.jobId());
            ending.sliceFailed(slice, FailureCode.INTERNAL, "storing images failed: " + failure.getMessage()
                    + "; resend the same request to resume from the images already stored");
        }
    }
}
