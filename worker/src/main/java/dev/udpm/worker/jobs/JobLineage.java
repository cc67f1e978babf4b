package dev.udpm.worker.jobs;

import dev.udpm.core.model.GraphTuning;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.worker.config.WorkerBuild;

/**
 * The {@link Lineage} of a job (or shard) run here: its request's hash and seeds, the model it ran on (with the
 * SHA-256 of the manifest it was loaded from, its class names and the graph tuning it was loaded with) and this
 * worker's build.
 */
public final class JobLineage {

    private JobLineage() {
    }

    /** The lineage of {@code request} run on {@code model} by this worker. */
    public static Lineage of(JobRequest request, UdpmModel model) {
        return of(request, model.manifest(), model.manifestSha256(), model.graphTuning());
    }

    /** The lineage of {@code request} run on the model of {@code manifest} loaded with {@code tuning}. */
    static Lineage of(JobRequest request, ModelManifest manifest, String manifestSha256, GraphTuning tuning) {
        return new Lineage(Lineage.requestSha256(request),
                new Lineage.Model(manifest.name(), manifest.version(), manifestSha256, manifest.classNames()),
                new Lineage.Sampler(manifest.posteriorMode(), manifest.levels(),
                        new Lineage.GraphTuning(tuning.xlaJit(), tuning.remapping(), tuning.onednnBfloat16())),
                Lineage.seedsOf(request), WorkerBuild.current());
    }
}
