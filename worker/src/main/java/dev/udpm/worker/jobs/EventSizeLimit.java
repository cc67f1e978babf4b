package dev.udpm.worker.jobs;

import java.time.Instant;
import java.util.List;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.InterpolateJob;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.job.PerturbJob;
import dev.udpm.schemas.model.ManifestPosteriorMode;
import dev.udpm.worker.config.WorkerBuild;
import dev.udpm.worker.events.JobEventJson;

/**
 * Keeps a job's {@code completed} event within one Kafka message. The event lists every stored object (key,
 * sha256, size, type and, when asked, a presigned URL), so its size grows with the job; a job whose event could not
 * be written would never get a terminal event and its record would be redelivered forever. Such a job is refused
 * up front with {@code LIMIT_EXCEEDED}, naming the field that sizes it.
 *
 * <p>The bound is an upper bound of the JSON the worker writes: the event with no objects and the largest lineage
 * this job can have (serialised, so the callback, ids, model names, seeds and this worker's version count exactly)
 * plus, per object, {@value #OBJECT_OVERHEAD} bytes of JSON around
 * its key (64-hex sha256 and a 10-digit size included), the image key's length and, with presigned URLs,
 * {@value #URL_OVERHEAD} + the URL's length.
 */
public final class EventSizeLimit {

    /** {@code {"key":"","sha256":"<64 hex>","size":<10 digits>,"contentType":"image/png"},} minus the key. */
    static final int OBJECT_OVERHEAD = 131;
    /** {@code ,"url":""} around a URL. */
    static final int URL_OVERHEAD = 9;

    private EventSizeLimit() {
    }

    /** Upper bound of the completed event's size in bytes for {@code objects} objects. */
    static long completedEventBytes(JobRequest request, String workerId, String modelName, String modelVersion,
            List<String> classNames, int objects, int urlLength) {
        JobCompleted empty = new JobCompleted(request.jobId(), Instant.parse("2025-01-31T12:00:00.123456789Z"),
                workerId, request.callback(), List.of(), ObjectKeys.jobManifestKey(request.jobId()), modelName,
                modelVersion, new Timings(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE), null, null,
                largestLineage(request, modelName, modelVersion, classNames));
        long fixed = JobEventJson.write(empty).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        long perObject = OBJECT_OVERHEAD + ObjectKeys.imageKey(request.jobId(), 0).length()
                + (urlLength > 0 ? URL_OVERHEAD + urlLength : 0);
        return fixed + objects * perObject;
    }

    /** A lineage at least as long as any the job can get: the longest value of every field this worker writes. */
    private static Lineage largestLineage(JobRequest request, String modelName, String modelVersion,
            List<String> classNames) {
        String sha256 = "0".repeat(64);
        return new Lineage(sha256, new Lineage.Model(modelName, modelVersion, sha256, classNames),
                new Lineage.Sampler(ManifestPosteriorMode.PAPER_CODE, Integer.MAX_VALUE,
                        new Lineage.GraphTuning(false, false, false)),
                Lineage.seedsOf(request).stream().map(seed -> Long.MAX_VALUE).toList(),
                new Lineage.Build(WorkerBuild.current().version(), "0".repeat(40), Boolean.FALSE));
    }

    /**
     * Refuses the job if its completed event could exceed {@code maxEventBytes}.
     *
     * @param classNames the model's class names its lineage carries, or {@code null}
     * @param objects objects the event will list (images, derived images, grid)
     * @param urlLength length of one presigned URL when the job asks for them, else 0
     * @throws JobRejection {@code LIMIT_EXCEEDED} naming the sizing field and the largest job that fits
     */
    static void check(JobRequest request, String workerId, String modelName, String modelVersion,
            List<String> classNames, int objects, int urlLength, long maxEventBytes) throws JobRejection {
        long bytes = completedEventBytes(request, workerId, modelName, modelVersion, classNames, objects, urlLength);
        if (bytes <= maxEventBytes) {
            return;
        }
        long fixed = completedEventBytes(request, workerId, modelName, modelVersion, classNames, 0, urlLength);
        long perObject = completedEventBytes(request, workerId, modelName, modelVersion, classNames, 1, urlLength)
                - fixed;
        long fitting = Math.max(0, (maxEventBytes - fixed) / perObject);
        throw new JobRejection(FailureCode.LIMIT_EXCEEDED, sizingField(request), "the completed event of this job"
                + " would list " + objects + " objects (up to " + bytes + " bytes), over this worker's limit of "
                + maxEventBytes + " bytes per event (udpm.worker.jobs.max-event-bytes, bounded by Kafka's message"
                + " size): split it into jobs of at most " + fitting + " objects"
                + (urlLength > 0 ? ", or drop output.presignedUrls" : ""));
    }

    private static String sizingField(JobRequest request) {
        if (request instanceof GenerateJob) {
            return "/count";
        }
        if (request instanceof InterpolateJob) {
            return "/gridSize";
        }
        if (request instanceof PerturbJob) {
            return "/samplesPerStrength";
        }
        return "/levels";
    }
}
