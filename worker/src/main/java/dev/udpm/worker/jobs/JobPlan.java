package dev.udpm.worker.jobs;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.latent.Latents;

/**
 * What the chain must compute for one job: {@link #imageCount()} images, image {@code i} made from
 * {@link #latents(int)} with class {@link #label(int)}, plus what is derived from them afterwards (a grid image,
 * principal-component images). Latents are computed on demand, so a plan of a large job costs no memory.
 * Deterministic: a pure function of the request and the model's latent shapes and classes ({@link JobPlanner}).
 */
public final class JobPlan {

    private final LatentShapes shapes;
    private final int imageCount;
    private final IntFunction<Latents> latents;
    private final IntUnaryOperator labels;
    private final int gridColumns;
    private final PcaSpec pca;
    private final int firstIndex;

    /**
     * @param labels class label of image i; 0 for an unconditional model (the chain ignores it)
     * @param gridColumns columns of {@code grid.png}, or 0 for no grid
     * @param pca the principal-component images, or {@code null}
     */
    JobPlan(LatentShapes shapes, int imageCount, IntFunction<Latents> latents, IntUnaryOperator labels,
            int gridColumns, PcaSpec pca) {
        this(shapes, imageCount, latents, labels, gridColumns, pca, 0);
    }

    private JobPlan(LatentShapes shapes, int imageCount, IntFunction<Latents> latents, IntUnaryOperator labels,
            int gridColumns, PcaSpec pca, int firstIndex) {
        if (imageCount < 1) {
            throw new IllegalArgumentException("a job plan needs at least one image, got " + imageCount);
        }
        this.shapes = Objects.requireNonNull(shapes);
        this.imageCount = imageCount;
        this.latents = Objects.requireNonNull(latents);
        this.labels = Objects.requireNonNull(labels);
        this.gridColumns = gridColumns;
        this.pca = pca;
        this.firstIndex = firstIndex;
    }

    /**
     * Images {@code from..to-1} of this plan as a plan of its own (a shard of a bulk job): its image {@code i} is
     * this plan's image {@code from + i}, same latents and label, so a shard makes the same bytes as the whole job
     * would; {@link #globalIndex} maps back (object keys use the global index).
     *
     * @throws IllegalArgumentException for a plan with derived images (they need every image) or a bad range
     */
    public JobPlan slice(int from, int to) {
        if (needsPixels()) {
            throw new IllegalArgumentException("a plan with a grid or principal components cannot be sliced");
        }
        if (from < 0 || to > imageCount || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") outside 0.." + imageCount);
        }
        return new JobPlan(shapes, to - from, i -> latents.apply(from + i), i -> labels.applyAsInt(from + i), 0,
                null, firstIndex + from);
    }

    /** The index of image {@code index} in the whole job ({@code index} itself unless this is a slice). */
    public int globalIndex(int index) {
        return firstIndex + checkIndex(index);
    }

    /** Shapes of every image's latents {@code e_1..e_L}. */
    public LatentShapes shapes() {
        return shapes;
    }

    /** Images the chain computes (the samples; not the derived images). */
    public int imageCount() {
        return imageCount;
    }

    /** Latents {@code e_1..e_L} of image {@code index}. */
    public Latents latents(int index) {
        return latents.apply(checkIndex(index));
    }

    /** Class label of image {@code index} (0 for an unconditional model). */
    public int label(int index) {
        return labels.applyAsInt(checkIndex(index));
    }

    /** Columns of {@code grid.png} when the job stores one. */
    public OptionalInt gridColumns() {
        return gridColumns > 0 ? OptionalInt.of(gridColumns) : OptionalInt.empty();
    }

    /** The principal-component images when the job asks for them (perturb). */
    public Optional<PcaSpec> pca() {
        return Optional.ofNullable(pca);
    }

    /** Number of indexed image objects: the samples plus the component images. */
    public int indexedObjectCount() {
        return imageCount + (pca == null ? 0 : pca.outputCount());
    }

    /** Whether the finished images' pixels are needed after sampling (grid or components). */
    public boolean needsPixels() {
        return gridColumns > 0 || pca != null;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= imageCount) {
            throw new IndexOutOfBoundsException("image index " + index + " outside 0.." + (imageCount - 1));
        }
        return index;
    }
}
