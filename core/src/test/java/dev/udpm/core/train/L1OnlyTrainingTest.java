package dev.udpm.core.train;

import static dev.udpm.core.train.TrainingFixtures.inputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;

class L1OnlyTrainingTest {

    @Test
    void anL1OnlyRunOnOneFixedBatchLowersTheLossClearly() {
        TrainingConfig config = TrainingFixtures.paperConfig().toBuilder()
                .lossWeights(List.of(1.0, 1.0, 1.0), List.of(0.0, 0.0, 0.0), List.of(0.0, 0.0, 0.0))
                .learningRates(3e-3, 3e-3).adam(0.9, 0.999, 1e-8).build();
        assertTrue(!config.usesPerceptualLoss(), "no perceptual net needed");
        try (Graph graph = new Graph(); Session session = TrainingFixtures.session(graph)) {
            TrainingGraph training = TrainingFixtures.build(graph, config);
            training.initialize(session);
            StepInputs batch = inputs(1, 42);
            assertEquals(0, training.discriminatorStep(session, batch, 1).values().size(),
                    "without an adversarial weight the discriminator step trains nothing");
            double first = 0;
            double last = 0;
            int steps = 120;
            for (int step = 1; step <= steps; step++) {
                StepLosses losses = training.generatorStep(session, batch, step);
                assertEquals(EnumSet.of(LossTerm.G_L1, LossTerm.G_TOTAL), losses.values().keySet());
                double l1 = losses.get(LossTerm.G_L1);
                if (step <= 5) {
                    first += l1 / 5;
                }
                if (step > steps - 5) {
                    last += l1 / 5;
                }
            }
            assertTrue(last < 0.6 * first, "mean L1 of the last 5 steps " + last + " should be well below the first 5 "
                    + first);
        }
    }
}
