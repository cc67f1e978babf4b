package dev.udpm.trainer.data;

import java.util.List;

/** An {@link ImageDataset} over one byte array of pixels (NHWC, one byte per value). */
public final class InMemoryDataset implements ImageDataset {

    private final byte[] pixels;
    private final int[] labels;
    private final int imageSize;
    private final int channels;
    private final List<String> classNames;

    /**
     * @param pixels NHWC 8-bit pixels, {@code size * imageSize^2 * channels} bytes
     * @param labels one label per image in {@code [0, classNames.size())}, or all 0 when {@code classNames} is empty
     */
    public InMemoryDataset(byte[] pixels, int[] labels, int imageSize, int channels, List<String> classNames) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        int perImage = imageSize * imageSize * channels;
        if (imageSize <= 0 || pixels.length != labels.length * perImage) {
            throw new IllegalArgumentException("pixel array holds " + pixels.length + " bytes; " + labels.length
                    + " images of " + imageSize + "x" + imageSize + "x" + channels + " need " + labels.length * perImage);
        }
        int classes = classNames.size();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || (classes > 0 && labels[i] >= classes) || (classes == 0 && labels[i] != 0)) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside [0, "
                        + Math.max(classes, 1) + ")");
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.imageSize = imageSize;
        this.channels = channels;
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void copyBatch(int[] indices, float[] images, int[] batchLabels) {
        int perImage = valuesPerImage();
        if (images.length != indices.length * perImage || batchLabels.length != indices.length) {
            throw new IllegalArgumentException("batch buffers do not fit " + indices.length + " images");
        }
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i] * perImage;
            int dst = i * perImage;
            for (int k = 0; k < perImage; k++) {
                images[dst + k] = (pixels[src + k] & 0xFF) / 127.5f - 1f;
            }
            batchLabels[i] = labels[indices[i]];
        }
    }
}
