package dev.udpm.worker.jobs;

import java.time.Instant;
import java.util.Map;

/** The trace of one job execution ({@link JobTracer#start}). Thread-safe. */
public interface JobTrace {

    /** Stage names: the spans a job's trace holds besides its own. */
    final class Stage {
        /** The record's time in {@code udpm.jobs}: its Kafka timestamp to the worker taking it. */
        public static final String QUEUE_WAIT = "udpm.job.queue-wait";
        /** Idempotency check, model lease, claim, plan and {@code accepted}, until the images are queued. */
        public static final String ADMIT = "udpm.job.admit";
        /** A slice of the job's images waiting in the batcher for a chain call. */
        public static final String BATCH_WAIT = "udpm.job.batch-wait";
        /** The chain call of a batch holding a slice of the job's images (shared with the batch's other jobs). */
        public static final String CHAIN = "udpm.job.chain";
        /** PNG encoding of a slice's images. */
        public static final String ENCODE = "udpm.job.encode";
        /** Upload of a slice's images (or of the tar shards they filled) to the object store. */
        public static final String UPLOAD = "udpm.job.upload";
        /** Derived images, index and manifest (or a shard's manifest) once every image is stored. */
        public static final String FINALIZE = "udpm.job.finalize";
        /** Writing one job event, until the broker acknowledged it (the event's type as attribute). */
        public static final String EVENT = "udpm.job.event";

        private Stage() {
        }
    }

    /**
     * Span names of a bulk job's own steps ({@link JobTracer#startBulk}): its trace holds them besides the
     * {@code udpm.job} span of each shard.
     */
    final class BulkStep {
        /** Splitting a bulk job: its {@code bulk.json}, its shard records and its {@code accepted}. */
        public static final String SPLIT = "udpm.bulk-job.split";
        /** Merging the shard manifests of a bulk job and its {@code completed}. */
        public static final String COMPLETE = "udpm.bulk-job.complete";
        /** Cancelling a split bulk job: its {@code cancelled}. */
        public static final String CANCEL = "udpm.bulk-job.cancel";

        private BulkStep() {
        }
    }

    /** Attribute keys. */
    final class Attr {
        public static final String JOB_ID = "udpm.job.id";
        public static final String IMAGES = "udpm.images";
        public static final String BATCH_IMAGES = "udpm.batch.images";
        public static final String MODEL = "udpm.model";
        public static final String EVENT_TYPE = "udpm.event.type";
        public static final String OUTCOME = "udpm.job.outcome";
        public static final String FAILURE_CODE = "udpm.job.failure.code";

        private Attr() {
        }
    }

    /** The trace of an untraced execution. */
    JobTrace NONE = new JobTrace() {
        @Override
        public String traceId() {
            return null;
        }

        @Override
        public Map<String, String> context() {
            return Map.of();
        }

        @Override
        public void stage(String name, Instant start, Instant end, Map<String, Object> attributes, String error) {
        }

        @Override
        public void end(Instant end, String outcome, String failureCode) {
        }
    };

    /** The W3C trace id (32 lowercase hex digits), or {@code null} when the execution is not traced. */
    String traceId();

    /**
     * The W3C trace-context headers ({@code traceparent}, {@code tracestate}) that continue this trace as a child of
     * the execution's span, for a record written on its behalf; empty when the execution is not traced.
     */
    Map<String, String> context();

    /**
     * Records a finished stage as a child span of the execution's span.
     *
     * @param attributes values are String, Long/Integer or Boolean
     * @param error why the stage failed, or {@code null}
     */
    void stage(String name, Instant start, Instant end, Map<String, Object> attributes, String error);

    /** Ends the execution's span (once; later calls are ignored). */
    void end(Instant end, String outcome, String failureCode);
}
