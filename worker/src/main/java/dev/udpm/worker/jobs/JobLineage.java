package dev.udpm.worker.jobs;

import dev.udpm.core.model.GraphTuning;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.worker.config.WorkerBuild;

/**
 * The {@link Lineage} of a job (or shard) run here: its request's hash and seeds, the model it ran on (with the
 * SHA-256 of the manifest it was loaded from and the graph tuning it was loaded with) and this worker's build.
 */
public final class JobLineage {

    private JobLineage() {
    }

    /** The lineage of {@code request} run on {@code model} by this worker. */
    public static Lineage of(JobRequest request, UdpmModel model) {
        ModelManifest manifest = model.manifest();
        GraphTuning tuning = model.graphTuning();
        return new Lineage(Lineage.requestSha256(request),
                new Lineage.Model(manifest.name(), manifest.version(), model.manifestSha256()),
                new Lineage.Sampler(manifest.posteriorMode(), manifest.levels(),
                        new Lineage.GraphTuning(tuning.xlaJit(), tuning.remapping(), tuning.onednnBfloat16())),
                Lineage.seedsOf(request), WorkerBuild.current());
    }
}
