package dev.udpm.worker.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.udpm.schemas.event.FailureCode;
import dev.udpm.storage.StorageUnavailableException;
import dev.udpm.worker.batching.DynamicBatcher;
import dev.udpm.worker.models.ModelNotAvailableException;
import org.jboss.logging.Logger;

/**
 * The start step of {@link JobPipeline}, on an I/O thread: the execution's kind admits it ({@link ExecutionKind#admit}:
 * idempotency, model lease, claim check, plan, {@code accepted}), then the images an interrupted attempt stored are
 * found and the missing ones queued in the batcher (as resumed work when some were found, so work moved here by a
 * failover runs before this worker's own backlog). A refused execution ends {@code failed}.
 */
final class JobAdmission {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    private final Duration progressInterval;
    private final DynamicBatcher<JobExecution> batcher;
    private final JobOutputWriter output;
    private final JobEnding ending;
    private final Clock clock;

    JobAdmission(Duration progressInterval, DynamicBatcher<JobExecution> batcher, JobOutputWriter output,
            JobEnding ending, Clock clock) {
        this.progressInterval = progressInterval;
        this.batcher = batcher;
        this.output = output;
        this.ending = ending;
        this.clock = clock;
    }

    void start(JobExecution e) {
        String refused = null;
        try (JobMdc ignored = JobMdc.of(e)) {
            Optional<Admitted> admitted = e.kind.admit(e);
            if (admitted.isEmpty()) {
                return;
            }
            Admitted how = admitted.get();
            e.admitted(how, new ProgressThrottle(progressInterval, System::nanoTime));
            int total = how.plan().imageCount();
            int found = how.resume() ? output.collectFound(e) : 0;
            int[] todo = new int[total - found];
            for (int i = 0, k = 0; i < total; i++) {
                if (e.images()[i] == null) {
                    todo[k++] = i;
                }
            }
            JobExecution.Phase next;
            synchronized (e) {
                next = e.started(found);
                if (next == JobExecution.Phase.RUNNING) {
                    batcher.submit(e, how.model(), e.request.effectivePriority(), e.request.tenant(), found > 0,
                            todo);
                }
            }
            if (next == JobExecution.Phase.STARTING) {
                ending.cancelled(e);
            } else if (next == JobExecution.Phase.FINALIZING) {
                e.workStarted.compareAndSet(null, clock.instant());
                ending.finish(e);
            } else {
                LOG.debugf("Job %s queued: %d images on %s (%d found from an earlier attempt)", e.jobId(),
                        todo.length, how.model(), found);
            }
        } catch (JobRejection rejection) {
            refused = rejection.code().name();
            ending.reject(e, rejection);
        } catch (ModelNotAvailableException unavailable) {
            refused = unavailable.failureCode().name();
            ending.reject(e, new JobRejection(unavailable.failureCode(), "/model", unavailable.getMessage()));
        } catch (StorageUnavailableException unavailable) {
            refused = FailureCode.STORAGE_UNAVAILABLE.name();
            LOG.errorf("%s could not start: %s", e, unavailable.getMessage());
            ending.reject(e, new JobRejection(FailureCode.STORAGE_UNAVAILABLE, null, "could not start: "
                    + unavailable.getMessage() + "; resend the same request once the object store is back"));
        } catch (RuntimeException failure) {
            refused = FailureCode.INTERNAL.name();
            LOG.errorf(failure, "Job %s failed before its images were queued", e.jobId());
            ending.reject(e, internal("could not start", failure));
        } finally {
            e.trace.stage(JobTrace.Stage.ADMIT, e.receivedAt, clock.instant(), Map.of(), refused);
        }
    }

    private static JobRejection internal(String what, RuntimeException failure) {
        return new JobRejection(FailureCode.INTERNAL, null, what + ": " + failure.getMessage()
                + "; retrying the same request may help");
    }
}
