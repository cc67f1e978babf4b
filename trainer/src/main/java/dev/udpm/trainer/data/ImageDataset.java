package dev.udpm.trainer.data;

import java.util.List;

/**
 * A labelled set of square images held as 8-bit pixels, handed out as float batches in NHWC layout with values in
 * [-1, 1] (the model's image range: {@code x = p / 127.5 - 1} for a pixel byte {@code p}).
 */
public interface ImageDataset {

    /** Number of images. */
    int size();

    /** Side length in pixels (images are square). */
    int imageSize();

    /** 1 (gray) or 3 (RGB). */
    int channels();

    /** Number of classes; 0 for an unlabelled set. */
    int numClasses();

    /** Class names by label; empty for an unlabelled set. */
    List<String> classNames();

    /** The label of image {@code index} (0 for an unlabelled set). */
    int label(int index);

    /**
     * Copies the images {@code indices} into {@code images} (NHWC, [-1, 1]) and their labels into {@code labels}.
     *
     * @param images length {@code indices.length * imageSize^2 * channels}
     * @param labels length {@code indices.length}
     */
    void copyBatch(int[] indices, float[] images, int[] labels);

    /** Values per image: {@code imageSize^2 * channels}. */
    default int valuesPerImage() {
        return imageSize() * imageSize() * channels();
    }
}
