package dev.udpm.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/** {@link UdpmModel#traceGenerate}: one traced chain call of a real exported (tiny) model. */
class TracedGenerateTest {

    @TempDir
    static Path temp;
    private static UdpmModel model;

    @BeforeAll
    static void exportAndLoad() throws IOException {
        TinyModels.export(temp.resolve("tiny"), 5);
        model = ModelLoader.load(temp.resolve("tiny"), DeviceOptions.cpu(0, 0));
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void aTracedCallRecordsTheChainsConvolutionsWithTheirTimes() {
        LatentBatch latents = ModelTestData.latents(model.latentShapes(), 4, 3);
        RunMetadata metadata = model.traceGenerate(latents, new int[] {0, 1, 2, 3});
        List<NodeExecStats> nodes = metadata.getStepStats().getDevStatsList().stream()
                .flatMap(d -> d.getNodeStatsList().stream()).toList();
        List<NodeExecStats> convolutions = nodes.stream().filter(n -> n.getTimelineLabel().contains("Conv2D")).toList();
        // three network evaluations, each with several convolutions
        assertTrue(convolutions.size() >= 3 * 5, "traced convolutions: " + convolutions.size() + " of " + nodes.size());
        assertTrue(nodes.stream().mapToLong(NodeExecStats::getAllEndRelMicros).sum() > 0, "no op time recorded");
    }

    @Test
    void tracingDoesNotChangeLaterCallsAndChecksItsInputsLikeGenerate() {
        LatentBatch latents = ModelTestData.latents(model.latentShapes(), 2, 9);
        int[] labels = {4, 5};
        float[] before = model.generate(latents, labels);
        model.traceGenerate(latents, labels);
        assertArrayEquals(before, model.generate(latents, labels));
        assertThrows(IllegalArgumentException.class, () -> model.traceGenerate(latents, new int[] {4}));
    }
}
