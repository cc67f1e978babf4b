package dev.udpm.trainer.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST from the IDX files of Debian's {@code dataset-fashion-mnist} package
 * ({@value #DEFAULT_DIRECTORY}). The 28x28 images are padded with 2 black pixels on every side to 32x32, the size
 * UDPM needs (divisible by 2^L = 8); labels 0..9 name the classes of {@link #CLASS_NAMES}.
 */
public final class FashionMnist {

    /** Where Debian installs the files. */
    public static final String DEFAULT_DIRECTORY = "/usr/share/datasets/fashion-mnist";

    /** Side length after padding. */
    public static final int IMAGE_SIZE = 32;

    /** The dataset's class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("t-shirt/top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle boot");

    /** The two splits shipped with the dataset. */
    public enum Split {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    private FashionMnist() {
    }

    /** Loads one split from {@code directory}, padded to 32x32. */
    public static InMemoryDataset load(Path directory, Split split) {
        Path images = directory.resolve(split.prefix + "-images-idx3-ubyte.gz");
        Path labels = directory.resolve(split.prefix + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new DatasetException("Fashion-MNIST " + split + " files not found in " + directory + " (looked for "
                    + images.getFileName() + " and " + labels.getFileName()
                    + "): install them with 'apt-get install dataset-fashion-mnist' or point the dataset path"
                    + " at a folder holding the IDX files");
        }
        IdxFiles.Images raw = IdxFiles.readImages(images);
        int[] labelValues = IdxFiles.readLabels(labels);
        if (raw.count() != labelValues.length) {
            throw new DatasetException(images + " holds " + raw.count() + " images but " + labels + " holds "
                    + labelValues.length + " labels");
        }
        if (raw.rows() > IMAGE_SIZE || raw.cols() > IMAGE_SIZE) {
            throw new DatasetException(images + ": images of " + raw.rows() + "x" + raw.cols()
                    + " do not fit the " + IMAGE_SIZE + "x" + IMAGE_SIZE + " canvas");
        }
        return new InMemoryDataset(padToCanvas(raw), labelValues, IMAGE_SIZE, 1, CLASS_NAMES);
    }

    /** Centres each image on a black 32x32 canvas. */
    static byte[] padToCanvas(IdxFiles.Images raw) {
        int top = (IMAGE_SIZE - raw.rows()) / 2;
        int left = (IMAGE_SIZE - raw.cols()) / 2;
        byte[] out = new byte[raw.count() * IMAGE_SIZE * IMAGE_SIZE];
        int inPerImage = raw.rows() * raw.cols();
        for (int n = 0; n < raw.count(); n++) {
            for (int y = 0; y < raw.rows(); y++) {
                System.arraycopy(raw.pixels(), n * inPerImage + y * raw.cols(),
                        out, n * IMAGE_SIZE * IMAGE_SIZE + (y + top) * IMAGE_SIZE + left, raw.cols());
            }
        }
        return out;
    }
}
