package dev.udpm.core.classifier;

import static dev.udpm.core.classifier.FeatureNetTest.SMALL;
import static dev.udpm.core.classifier.FeatureNetTest.floats;
import static dev.udpm.core.classifier.FeatureNetTest.input;
import static dev.udpm.core.classifier.FeatureNetTest.randomImages;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class FeatureNetCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void restoredWeightsReproduceTheSavedNetBitExactlyInsideALargerGraph() {
        float[] savedFeatures;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            FeatureNet net = FeatureNet.create(tf, SMALL, 11);
            FeatureNetCheckpoint checkpoint = FeatureNetCheckpoint.attach(tf, net);
            Placeholder<TFloat32> x = input(tf);
            Operand<TFloat32> features = net.features(tf, x);
            checkpoint.save(s, dir);
            savedFeatures = features(s, x, features);
        }
        assertTrue(Files.isRegularFile(dir.resolve("featurenet.index")));
        assertEquals(SMALL, FeatureNetCheckpoint.readConfig(dir));

        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            // another model's variable first, so the graph is not just the classifier
            Variable<TFloat32> other = tf.withName("unet.w").variable(tf.withInitScope().constant(new float[] {3f, 4f}));
            FeatureNet net = FeatureNet.create(tf, SMALL, 99);
            FeatureNetCheckpoint checkpoint = FeatureNetCheckpoint.attach(tf, net);
            Placeholder<TFloat32> x = input(tf);
            Operand<TFloat32> features = net.features(tf, x);
            float[] before = features(s, x, features);
            assertFalse(Arrays.equals(savedFeatures, before), "seeds 11 and 99 gave equal features");

            checkpoint.restore(s, dir);
            assertArrayEquals(savedFeatures, features(s, x, features));
            try (Result r = s.runner().fetch(other).run()) {
                assertArrayEquals(new float[] {3f, 4f}, floats(r.get(0)), "a variable outside the net changed");
            }
        }
    }

    @Test
    void restoringAnotherArchitectureIsRejectedWithBothConfigs() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            FeatureNetCheckpoint.attach(tf, FeatureNet.create(tf, SMALL, 1)).save(s, dir);
        }
        FeatureNetConfig wider = new FeatureNetConfig(8, 1, List.of(4, 8), 3, 12, 3);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            FeatureNetCheckpoint checkpoint = FeatureNetCheckpoint.attach(tf, FeatureNet.create(tf, wider, 1));
            var e = assertThrows(IllegalArgumentException.class, () -> checkpoint.restore(s, dir));
            assertTrue(e.getMessage().contains("featureDim=6") && e.getMessage().contains("featureDim=12"),
                    e.getMessage());
        }
    }

    @Test
    void restoringFromAFolderWithoutCheckpointSaysWhatIsMissing() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            FeatureNetCheckpoint checkpoint = FeatureNetCheckpoint.attach(tf, FeatureNet.create(tf, SMALL, 1));
            var e = assertThrows(IllegalArgumentException.class, () -> checkpoint.restore(s, dir.resolve("none")));
            assertTrue(e.getMessage().contains("featurenet.properties is missing"), e.getMessage());
        }
    }

    private static float[] features(Session s, Placeholder<TFloat32> x, Operand<TFloat32> features) {
        try (TFloat32 images = randomImages(21); Result r = s.runner().feed(x, images).fetch(features).run()) {
            return floats(r.get(0));
        }
    }
}
