package dev.udpm.trainer.eval;

import java.util.List;

import dev.udpm.trainer.data.ImageDataset;

/** A view of selected images of another {@link ImageDataset}, in the order given. */
public final class ImageSubset implements ImageDataset {

    private final ImageDataset source;
    private final int[] indices;

    /**
     * @param indices positions in {@code source}, each in {@code [0, source.size())}
     */
    public ImageSubset(ImageDataset source, int[] indices) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= source.size()) {
                throw new IllegalArgumentException("ImageSubset index " + indices[i] + " at position " + i
                        + " is outside the source's [0, " + source.size() + ")");
            }
        }
        this.source = source;
        this.indices = indices.clone();
    }

    /** The first {@code min(count, source.size())} images of {@code source}. */
    public static ImageSubset first(ImageDataset source, int count) {
        int n = Math.min(count, source.size());
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return new ImageSubset(source, indices);
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int imageSize() {
        return source.imageSize();
    }

    @Override
    public int channels() {
        return source.channels();
    }

    @Override
    public int numClasses() {
        return source.numClasses();
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public int label(int index) {
        return source.label(indices[index]);
    }

    @Override
    public void copyBatch(int[] batch, float[] images, int[] labels) {
        int[] mapped = new int[batch.length];
        for (int i = 0; i < batch.length; i++) {
            mapped[i] = indices[batch[i]];
        }
        source.copyBatch(mapped, images, labels);
    }
}
