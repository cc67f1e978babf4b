package dev.udpm.core.train;

import static dev.udpm.core.train.TrainingFixtures.inputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * The generator's diversity term (TrainingConfig#diversityWeights): reported where its weight is set, subtracted from
 * the total, capped, and its gradient makes the output depend on the noise of {@code x_l} (the coarsest level's
 * output otherwise ignores it: the critic alone does not keep it from doing so).
 */
class DiversityTermTest {

    private static TrainingConfig config(double weight, double cap) {
        return TrainingFixtures.paperConfig().toBuilder().lossWeights(List.of(1.0, 1.0, 0.0), List.of(0.0, 0.0, 0.0),
                List.of(0.2, 0.5, 1.0)).diversity(List.of(0.0, 0.0, weight), cap).build();
    }

    @Test
    void theTermIsReportedCappedAndSubtractedAtItsLevelOnly() {
        try (Graph graph = new Graph()) {
            TrainingGraph training = TrainingFixtures.build(graph, config(2.0, 1e-4));
            try (Session session = TrainingFixtures.session(graph)) {
                training.initialize(session);
                StepLosses g3 = training.generatorStep(session, inputs(3, 5), 1);
                // any generator whose output moves at all with the noise is above a cap of 1e-4
                assertEquals(1e-4, g3.get(LossTerm.G_DIVERSITY), 1e-9, "the ratio is capped");
                assertEquals(1.0 * g3.get(LossTerm.G_ADVERSARIAL) - 2.0 * g3.get(LossTerm.G_DIVERSITY),
                        g3.get(LossTerm.G_TOTAL), 1e-6, "the diversity term enters the total with a minus sign");
                StepLosses g2 = training.generatorStep(session, inputs(2, 6), 2);
                assertFalse(g2.values().containsKey(LossTerm.G_DIVERSITY), "no term where the weight is 0: " + g2);
            }
        }
    }

    @Test
    void generatorStepsWithTheTermMakeTheOutputMoveWithTheNoise() {
        try (Graph graph = new Graph()) {
            // a large step size: the tiny network moves visibly in 30 steps
            TrainingGraph training = TrainingFixtures.build(graph, config(20.0, 10.0).toBuilder()
                    .learningRates(3e-3, 3e-3).build());
            try (Session session = TrainingFixtures.session(graph)) {
                training.initialize(session);
                StepInputs in = inputs(3, 7);
                double first = training.generatorStep(session, in, 1).get(LossTerm.G_DIVERSITY);
                double last = first;
                for (int t = 2; t <= 30; t++) {
                    last = training.generatorStep(session, in, t).get(LossTerm.G_DIVERSITY);
                }
                assertTrue(first >= 0 && last > 1.5 * first, "diversity ratio " + first + " -> " + last);
            }
        }
    }
}
