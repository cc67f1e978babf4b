package dev.udpm.worker.jobs;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import dev.udpm.core.math.Hwc;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.storage.Sha256;
import dev.udpm.worker.batching.BatchSlice;
import dev.udpm.worker.batching.ModelKey;
import dev.udpm.worker.output.EncodedImage;
import dev.udpm.worker.output.ImageEncoder;
import dev.udpm.worker.output.JobClaim;
import dev.udpm.worker.output.JobObjects;
import org.jboss.logging.Logger;

/**
 * What {@link JobPipeline} stores for a job: its claim, its images (and the pixels of a job that derives images) as
 * PNG objects or, for {@code output.format = shards}, as tar shards each uploaded once it is whole
 * ({@link JobSamples}), the images an interrupted attempt already stored, then the derived images, the index
 * ({@code index.jsonl}) and the manifest LAST.
 */
final class JobOutputWriter {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    /** A finished job's objects in manifest order and its stored manifest. */
    record Written(List<StoredObject> stored, JobManifest manifest) {
    }

    private final JobObjects objects;
    private final Clock clock;

    JobOutputWriter(JobObjects objects, Clock clock) {
        this.objects = objects;
        this.clock = clock;
    }

    /** Writes the job's {@link JobClaim} (content and version {@code model} of this attempt). */
    void claim(JobExecution e, ModelKey model) {
        objects.writeClaim(new JobClaim(e.jobId(), e.contentSha256, model.name(), model.version(),
                clock.instant()));
    }

    /** Marks the images an interrupted attempt stored; reads their pixels when the job derives images. */
    int collectFound(JobExecution e) {
        Map<String, StoredObject> existing = e.kind.storedBefore(e);
        StoredObject[] images = e.images();
        Hwc[] pixels = e.pixels();
        int found = 0;
        for (int i = 0; i < images.length; i++) {
            StoredObject object = existing.get(ObjectKeys.imageKey(e.jobId(), e.plan().globalIndex(i)));
            if (object != null) {
                e.samples().png(i, object);
                if (pixels != null) {
                    pixels[i] = ImageEncoder.decode(objects.read(object.key())).pixels();
                }
                images[i] = object;
                found++;
            }
        }
        if (found > 0) {
            LOG.infof("%s resumes: %d of %d images were stored by an interrupted attempt on %s", e, found,
                    images.length, e.model().version());
        }
        return found;
    }

    /**
     * Encodes the images of {@code slice} ({@code images} from {@code first}) as PNGs, keeping their pixels when the
     * job derives images from them; stops early (the rest {@code null}) once the job ended.
     */
    EncodedImage[] encode(BatchSlice<JobExecution> slice, float[] images, int first) {
        JobExecution e = slice.job();
        int side = e.plan().shapes().imageSize();
        int channels = e.plan().shapes().channels();
        EncodedImage[] encoded = new EncodedImage[slice.size()];
        for (int k = 0; k < slice.size(); k++) {
            if (e.phase() == JobExecution.Phase.DONE) {
                break;
            }
            EncodedImage image = ImageEncoder.encode(images, first + k, side, channels);
            if (e.pixels() != null) {
                e.pixels()[slice.index(k)] = image.pixels();
            }
            encoded[k] = image;
        }
        return encoded;
    }

    /** Stores the {@code encoded} images of {@code slice} (or the tar shards they complete), until the job ends. */
    void upload(BatchSlice<JobExecution> slice, EncodedImage[] encoded) {
        JobExecution e = slice.job();
        for (int k = 0; k < slice.size(); k++) {
            EncodedImage image = encoded[k];
            if (image == null || e.phase() == JobExecution.Phase.DONE) {
                break;
            }
            int index = slice.index(k);
            JobSamples samples = e.samples();
            if (samples.shards()) {
                OptionalInt whole = samples.offer(index, image.png(), Sha256.hex(image.png()));
                if (whole.isPresent()) {
                    storeTar(samples, whole.getAsInt());
                }
            } else {
                StoredObject stored = objects.putPng(ObjectKeys.imageKey(e.jobId(), e.plan().globalIndex(index)),
                        image.png());
                e.images()[index] = stored;
                samples.png(index, stored);
            }
        }
    }

    /** Builds tar shard {@code t} (every sample encoded) and uploads it whole. */
    private void storeTar(JobSamples samples, int t) {
        byte[] tar = samples.tar(t);
        samples.stored(t, objects.putTar(samples.tarKey(t), tar, samples.firstOf(t), samples.countOf(t)));
    }

    /** Derived images, the index, the manifest LAST (with the job's {@link JobLineage}), then the claim removed. */
    Written finish(JobExecution e) {
        List<StoredObject> stored = DerivedOutputs.store(e, objects);
        JobSamples samples = e.samples();
        StoredObject index = objects.putIndex(ObjectKeys.indexKey(e.jobId()), samples.records());
        JobManifest manifest = JobManifest.of(e.request, e.model().name(), e.model().version(), clock.instant(),
                stored, JobLineage.of(e.request, e.lease().model())).withSamples(samples.modelManifestSha256(),
                samples.manifestRecords(), index, samples.tarShards());
        objects.writeManifest(manifest);
        objects.deleteClaim(e.jobId());
        return new Written(stored, manifest);
    }
}
