package dev.udpm.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses the real files of Debian's dataset-fashion-mnist, which .ci/run installs. */
class FashionMnistTest {

    private static final Path DEBIAN = Path.of(FashionMnist.DEFAULT_DIRECTORY);

    @Test
    void loadsTheDebianTestSplitPaddedTo32WithBalancedLabels() {
        InMemoryDataset test = FashionMnist.load(DEBIAN, FashionMnist.Split.TEST);
        assertEquals(10_000, test.size());
        assertEquals(32, test.imageSize());
        assertEquals(1, test.channels());
        assertEquals(10, test.numClasses());
        int[] perClass = new int[10];
        for (int i = 0; i < test.size(); i++) {
            perClass[test.label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(1000, perClass[c], "test images of class " + c);
        }
    }

    @Test
    void theTrainSplitHolds60000Images() {
        assertEquals(60_000, FashionMnist.load(DEBIAN, FashionMnist.Split.TRAIN).size());
    }

    @Test
    void paddingIsBlackAndPixelsMapToMinusOneToOne() throws IOException {
        InMemoryDataset test = FashionMnist.load(DEBIAN, FashionMnist.Split.TEST);
        float[] batch = new float[2 * 32 * 32];
        int[] labels = new int[2];
        test.copyBatch(new int[] {0, 1}, batch, labels);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int n = 0; n < 2; n++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    float v = batch[n * 1024 + y * 32 + x];
                    boolean border = y < 2 || y >= 30 || x < 2 || x >= 30;
                    if (border) {
                        assertEquals(-1f, v, 0f, "padding pixel (" + y + "," + x + ") of image " + n);
                    }
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        assertTrue(min >= -1f && max <= 1f && max > 0.5f, "range [" + min + ", " + max + "]");
        assertEquals(test.label(1), labels[1]);
    }

    @Test
    void padsACenteredImageWithTwoPixelsEachSide() {
        byte[] one = new byte[28 * 28];
        one[0] = 9;             // top-left of the 28x28 image
        one[28 * 28 - 1] = 7;   // bottom-right
        byte[] padded = FashionMnist.padToCanvas(new IdxFiles.Images(1, 28, 28, one));
        assertEquals(9, padded[2 * 32 + 2]);
        assertEquals(7, padded[29 * 32 + 29]);
        assertEquals(0, padded[0]);
    }

    @Test
    void missingFilesSayHowToInstallThem(@TempDir Path empty) {
        DatasetException e = assertThrows(DatasetException.class,
                () -> FashionMnist.load(empty, FashionMnist.Split.TRAIN));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }
}
