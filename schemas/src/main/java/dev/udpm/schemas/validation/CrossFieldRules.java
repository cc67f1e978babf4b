package dev.udpm.schemas.validation;

import dev.udpm.schemas.Limits;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.PerturbJob;
import dev.udpm.schemas.model.ModelManifest;
import java.util.ArrayList;
import java.util.List;

/**
 * The few rules JSON Schema cannot express because they relate two fields of one message (draft 2020-12 has
 * no {@code $data}). They run only on messages that already passed their schema, and are documented in the
 * schemas' descriptions. Everything else is the schema's job.
 */
public final class CrossFieldRules {

    /** generate: {@code output.grid} only when {@code count <= Limits.MAX_GRID_IMAGES}. */
    public static final String GRID_WITHIN_LIMIT = "gridWithinLimit";
    /** perturb: {@code principalComponents <= samplesPerStrength}. */
    public static final String COMPONENTS_WITHIN_SAMPLES = "principalComponentsWithinSamples";
    /** progress: {@code done <= total}. */
    public static final String DONE_WITHIN_TOTAL = "doneWithinTotal";
    /** manifest: {@code schedule.alpha}, {@code schedule.sigma}, {@code latentShapes} each hold L entries. */
    public static final String MATCHES_LEVELS = "matchesLevels";
    /** manifest: {@code imageSize} is a multiple of {@code 2^L} (H halves the side L times). */
    public static final String IMAGE_SIZE_DIVISIBLE = "imageSizeDivisibleBy2PowL";

    /** job manifest: {@code jobId} equals {@code request.jobId}. */
    public static final String JOB_ID_MATCHES_REQUEST = "jobIdMatchesRequest";

    private CrossFieldRules() {
    }

    /** The cross-field violations of a schema-valid, bound message (empty for kinds without such rules). */
    public static List<Violation> check(Object message) {
        List<Violation> out = new ArrayList<>();
        if (message instanceof GenerateJob generate) {
            checkGenerate(generate, out);
        } else if (message instanceof PerturbJob perturb) {
            checkPerturb(perturb, out);
        } else if (message instanceof JobProgress progress) {
            checkProgress(progress, out);
        } else if (message instanceof ModelManifest manifest) {
            checkManifest(manifest, out);
        } else if (message instanceof JobManifest manifest) {
            checkJobManifest(manifest, out);
            out.addAll(check(manifest.request()).stream()
                    .map(v -> new Violation("/request" + v.field(), v.rule(), "request: " + v.message()))
                    .toList());
        }
        return out;
    }

    private static void checkGenerate(GenerateJob job, List<Violation> out) {
        if (Boolean.TRUE.equals(job.outputOrDefault().grid()) && job.count() > Limits.MAX_GRID_IMAGES) {
            out.add(new Violation("/output/grid", GRID_WITHIN_LIMIT, "a grid of count = " + job.count()
                    + " images is larger than the limit of " + Limits.MAX_GRID_IMAGES
                    + "; set output.grid to false or split the job"));
        }
    }

    private static void checkPerturb(PerturbJob job, List<Violation> out) {
        if (job.principalComponents() > job.samplesPerStrength()) {
            out.add(new Violation("/principalComponents", COMPONENTS_WITHIN_SAMPLES, "principalComponents = "
                    + job.principalComponents() + " exceeds samplesPerStrength = " + job.samplesPerStrength()
                    + "; ask for at most as many components as samples"));
        }
    }

    private static void checkProgress(JobProgress progress, List<Violation> out) {
        if (progress.done() > progress.total()) {
            out.add(new Violation("/done", DONE_WITHIN_TOTAL, "done = " + progress.done()
                    + " exceeds total = " + progress.total()));
        }
    }

    private static void checkManifest(ModelManifest manifest, List<Violation> out) {
        int levels = manifest.levels();
        requireLevels("/schedule/alpha", manifest.schedule().alpha().size(), levels, out);
        requireLevels("/schedule/sigma", manifest.schedule().sigma().size(), levels, out);
        requireLevels("/latentShapes", manifest.latentShapes().size(), levels, out);
        int factor = 1 << levels;
        if (manifest.imageSize() % factor != 0) {
            out.add(new Violation("/imageSize", IMAGE_SIZE_DIVISIBLE, "imageSize = " + manifest.imageSize()
                    + " is not a multiple of 2^L = " + factor + " for levels L = " + levels));
        }
    }

    private static void checkJobManifest(JobManifest manifest, List<Violation> out) {
        if (!manifest.jobId().equals(manifest.request().jobId())) {
            out.add(new Violation("/jobId", JOB_ID_MATCHES_REQUEST, "jobId = " + manifest.jobId()
                    + " but request.jobId = " + manifest.request().jobId() + "; they must be equal"));
        }
    }

    private static void requireLevels(String field, int size, int levels, List<Violation> out) {
        if (size != levels) {
            out.add(new Violation(field, MATCHES_LEVELS, field.substring(1) + " has " + size
                    + " entries but levels L = " + levels + "; give exactly one per level l = 1..L"));
        }
    }
}
