package dev.udpm.trainer.eval;

import dev.udpm.trainer.data.ImageDataset;

/** Whole datasets as arrays: images NHWC in [-1, 1] and labels. */
final class DatasetArrays {

    private DatasetArrays() {
    }

    /** Every image of {@code dataset}, {@code size * valuesPerImage} values. */
    static float[] images(ImageDataset dataset) {
        float[] images = new float[dataset.size() * dataset.valuesPerImage()];
        dataset.copyBatch(allIndices(dataset), images, new int[dataset.size()]);
        return images;
    }

    /** Every label of {@code dataset}. */
    static int[] labels(ImageDataset dataset) {
        int[] labels = new int[dataset.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = dataset.label(i);
        }
        return labels;
    }

    private static int[] allIndices(ImageDataset dataset) {
        int[] all = new int[dataset.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }
}
