package dev.udpm.worker.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.LatentOps;
import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.latent.Latents;
import dev.udpm.core.math.Hwc;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.InterpolateJob;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.PerturbJob;
import dev.udpm.schemas.job.SwapJob;
import dev.udpm.schemas.model.ModelManifest;

/**
 * Turns a job request into the images the chain computes, fully deterministically from the request and the
 * model's shapes ({@link LatentGenerator}: the latents of "image {@code index} of seed {@code s}",
 * {@code G(s, index)}, depend on {@code (s, index)} only).
 *
 * <h2>Derivation per job type</h2>
 * With {@code G(s, i)} the latent set {@code e_1..e_L} of image i under seed s, {@code G_l(s, i)} its level-l map,
 * and {@code y(i)} the class label of image i:
 * <ul>
 *   <li><b>generate</b> ({@code count}, {@code seed}, {@code classLabels}): image i = {@code G(seed, i)},
 *       {@code y(i) = classLabels[i mod |classLabels|]} ({@link GenerateJob#classLabelOf}); i = 0..count-1.
 *       {@code output.grid}: {@code grid.png} of every image, {@code output.columnsFor(count)} columns.</li>
 *   <li><b>interpolate</b> ({@code corners}, {@code gridSize} n, {@code levels}, {@code classLabel}): corner k's
 *       latents are {@code G(corners[k], 0)} (image 0 of its seed: a corner is exactly image 0 of a generate job
 *       with that seed and label). Four corners: the n x n grid of
 *       {@link LatentOps#interpolationGrid} (A top-left, B top-right, C bottom-left, D bottom-right), image
 *       {@code r * n + c} at row r, column c; two corners: the n-image path {@link LatentOps#interpolationPath}
 *       from A to B. Levels not in {@code levels} (default all 1..L) keep A's map. Always stores
 *       {@code grid.png} with n columns.</li>
 *   <li><b>swap</b> ({@code seeds.source} A, {@code seeds.target} B, {@code levels}): A = {@code G(source, 0)},
 *       B = {@code G(target, 0)}; image k = B's latents with level {@code levels[k]} taken from A
 *       ({@link LatentOps#swapLevel}), one image per listed level in the order listed.</li>
 *   <li><b>perturb</b> ({@code seed}, {@code level} l, {@code strengths} g_0..g_{G-1}, {@code samplesPerStrength}
 *       S, {@code principalComponents} k): base = {@code G(seed, 0)}; the fresh noise of sample j is
 *       {@code e''_j = G_l(seed, 1 + j)} (level l of image 1 + j of the same seed), shared by every strength so
 *       that strengths differ only in g; image {@code s * S + j} = base with
 *       {@code e_l' = g_s e_l + sqrt(1 - g_s^2) e''_j} ({@link LatentOps#perturbLevel}). Then, per strength s,
 *       the top k principal components of its S images are stored as images {@code G*S + s*k + c}
 *       ({@link PcaSpec}).</li>
 * </ul>
 * Labels: interpolate, swap and perturb use {@code classLabel} for every image.
 *
 * <h2>Checks that need the model</h2>
 * Rejected with {@code INVALID_REQUEST} naming the field: a level above the model's L ({@code /levels/i},
 * {@code /level}); a class label {@code >= numClasses} ({@code /classLabels/i}, {@code /classLabel}); labels for
 * an unconditional model; no label for a class-conditional one (the label is part of the image, so it is never
 * guessed).
 */
public final class JobPlanner {

    private JobPlanner() {
    }

    /**
     * The plan of {@code request} on {@code model}.
     *
     * @throws JobRejection if the request does not fit the model (the message names the field and the model)
     * @throws IllegalArgumentException for a cancel request, which has no images
     */
    public static JobPlan plan(JobRequest request, ModelManifest model) throws JobRejection {
        LatentShapes shapes = new LatentShapes(model.levels(), model.imageSize(), model.channels());
        LatentGenerator generator = new LatentGenerator(shapes);
        if (request instanceof GenerateJob generate) {
            return generate(generate, model, shapes, generator);
        }
        if (request instanceof InterpolateJob interpolate) {
            return interpolate(interpolate, model, shapes, generator);
        }
        if (request instanceof SwapJob swap) {
            return swap(swap, model, shapes, generator);
        }
        if (request instanceof PerturbJob perturb) {
            return perturb(perturb, model, shapes, generator);
        }
        throw new IllegalArgumentException("job " + request.jobId() + ": a " + request.jobType()
                + " request has no images to plan");
    }

    private static JobPlan generate(GenerateJob job, ModelManifest model, LatentShapes shapes,
            LatentGenerator generator) throws JobRejection {
        List<Integer> labels = job.classLabels();
        if (model.conditional() && labels == null) {
            throw JobRejection.invalid("/classLabels", "model " + describe(model) + " is class-conditional with "
                    + model.numClasses() + " classes: give classLabels (one for all images, one per image, or a"
                    + " cycle such as [0, 1, ..., " + (model.numClasses() - 1) + "])");
        }
        if (!model.conditional() && labels != null) {
            throw JobRejection.invalid("/classLabels", "model " + describe(model)
                    + " is unconditional: remove classLabels");
        }
        if (labels != null) {
            for (int i = 0; i < labels.size(); i++) {
                checkLabel(labels.get(i), model, "/classLabels/" + i);
            }
        }
        int columns = job.outputOrDefault().wantsGrid() ? job.outputOrDefault().columnsFor(job.count()) : 0;
        long seed = job.seed();
        return new JobPlan(shapes, job.count(), i -> generator.generate(seed, i),
                i -> labels == null ? 0 : job.classLabelOf(i), columns, null);
    }

    private static JobPlan interpolate(InterpolateJob job, ModelManifest model, LatentShapes shapes,
            LatentGenerator generator) throws JobRejection {
        int label = singleLabel(job.classLabel(), model);
        Set<Integer> levels = levelSet(job.levels(), model);
        List<Latents> corners = new ArrayList<>();
        for (long seed : job.corners()) {
            corners.add(generator.generate(seed, 0));
        }
        int n = job.gridSize();
        List<Latents> cells = corners.size() == 4
                ? LatentOps.interpolationGrid(corners.get(0), corners.get(1), corners.get(2), corners.get(3), n, levels)
                : LatentOps.interpolationPath(corners.get(0), corners.get(1), n, levels);
        return new JobPlan(shapes, cells.size(), cells::get, i -> label, n, null);
    }

    private static JobPlan swap(SwapJob job, ModelManifest model, LatentShapes shapes, LatentGenerator generator)
            throws JobRejection {
        int label = singleLabel(job.classLabel(), model);
        List<Integer> levels = job.levels();
        for (int k = 0; k < levels.size(); k++) {
            checkLevel(levels.get(k), model, "/levels/" + k);
        }
        Latents source = generator.generate(job.seeds().source(), 0);
        Latents target = generator.generate(job.seeds().target(), 0);
        return new JobPlan(shapes, levels.size(), k -> LatentOps.swapLevel(source, target, levels.get(k)),
                i -> label, 0, null);
    }

    private static JobPlan perturb(PerturbJob job, ModelManifest model, LatentShapes shapes,
            LatentGenerator generator) throws JobRejection {
        int label = singleLabel(job.classLabel(), model);
        int level = job.level();
        checkLevel(level, model, "/level");
        Latents base = generator.generate(job.seed(), 0);
        int samples = job.samplesPerStrength();
        List<Double> strengths = job.strengths();
        long seed = job.seed();
        PcaSpec pca = new PcaSpec(strengths.size(), samples, job.principalComponents());
        return new JobPlan(shapes, strengths.size() * samples, i -> {
            Hwc fresh = generator.level(seed, 1 + (i % samples), level);
            return LatentOps.perturbLevel(base, level, strengths.get(i / samples), fresh);
        }, i -> label, 0, pca);
    }

    private static int singleLabel(Integer label, ModelManifest model) throws JobRejection {
        if (model.conditional() && label == null) {
            throw JobRejection.invalid("/classLabel", "model " + describe(model) + " is class-conditional with "
                    + model.numClasses() + " classes: give classLabel (0.." + (model.numClasses() - 1) + ")");
        }
        if (!model.conditional() && label != null) {
            throw JobRejection.invalid("/classLabel", "model " + describe(model)
                    + " is unconditional: remove classLabel");
        }
        if (label == null) {
            return 0;
        }
        checkLabel(label, model, "/classLabel");
        return label;
    }

    private static void checkLabel(int label, ModelManifest model, String field) throws JobRejection {
        if (label >= model.numClasses()) {
            throw JobRejection.invalid(field, "class label " + label + " is outside 0.." + (model.numClasses() - 1)
                    + " of model " + describe(model));
        }
    }

    private static Set<Integer> levelSet(List<Integer> levels, ModelManifest model) throws JobRejection {
        if (levels == null) {
            return LatentOps.allLevels(model.levels());
        }
        Set<Integer> set = new TreeSet<>();
        for (int i = 0; i < levels.size(); i++) {
            checkLevel(levels.get(i), model, "/levels/" + i);
            set.add(levels.get(i));
        }
        return set;
    }

    private static void checkLevel(int level, ModelManifest model, String field) throws JobRejection {
        if (level > model.levels()) {
            throw JobRejection.invalid(field, "level " + level + " is outside 1.." + model.levels() + " of model "
                    + describe(model) + " (it has L = " + model.levels() + " levels)");
        }
    }

    private static String describe(ModelManifest model) {
        return model.name() + "/" + model.version();
    }
}
