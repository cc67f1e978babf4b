package dev.udpm.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.udpm.schemas.Json;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void defaultsAreThePapersValues() {
        TrainingConfig c = TrainingConfig.paperDefaults();
        assertEquals(3, c.levels());
        assertEquals(List.of(1.0, 1.0, 0.0), c.l1Weights());
        assertEquals(List.of(4.0, 4.0, 0.0), c.perceptualWeights());
        assertEquals(List.of(0.2, 0.5, 1.0), c.adversarialWeights());
        assertEquals(List.of(0.025, 0.1, 0.4), c.r1Gammas());
        assertEquals(1e-4, c.generatorLearningRate());
        assertEquals(1e-4, c.discriminatorLearningRate());
        assertEquals(0.4, c.instanceNoiseStd());
        assertTrue(c.usesPerceptualLoss());
    }

    @Test
    void schedulesFollowTheirFormulas() {
        TrainingConfig c = TrainingConfig.paperDefaults().toBuilder().warmupSteps(500).r1(List.of(1.0, 1.0, 1.0), 4)
                .build();
        assertEquals(1e-4 / 500, c.generatorLearningRate(1), 1e-18);
        assertEquals(0.5e-4, c.discriminatorLearningRate(250), 1e-18);
        assertEquals(1e-4, c.generatorLearningRate(10_000), 0);
        assertEquals(0.4, c.instanceNoiseStd(1) / Math.pow(0.99, 0.001), 1e-12);
        assertEquals(0.4 * 0.99, c.instanceNoiseStd(1000), 1e-12);
        assertEquals(0.4 * Math.pow(0.99, 50), c.instanceNoiseStd(50_000), 1e-12);
        assertEquals(2.0 / 11, c.emaDecay(1), 1e-12);
        assertEquals(0.999, c.emaDecay(100_000), 0);
        assertFalse(c.appliesR1(3));
        assertTrue(c.appliesR1(4) && c.appliesR1(8));
        assertEquals(1.0, TrainingConfig.paperDefaults().toBuilder().warmupSteps(0).build().warmupFactor(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.generatorLearningRate(0));
        assertTrue(e.getMessage().contains("1-based"), e.getMessage());
    }

    @Test
    void survivesAJsonRoundTrip() {
        TrainingConfig c = TrainingConfig.paperDefaults().toBuilder().batchSize(64).seed(-7).emaDecay(0.995)
                .learningRates(2e-4, 1e-4).diversity(List.of(0.0, 0.5, 1.0), 0.3).build();
        String json = Json.write(c.toMap());
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.read(json, Map.class);
        assertEquals(c, TrainingConfig.fromMap(map));
    }

    @Test
    void aConfigWrittenBeforeTheDiversityTermReadsAsWithoutIt() {
        Map<String, Object> old = new java.util.LinkedHashMap<>(TrainingConfig.paperDefaults().toMap());
        old.remove("diversityWeights");
        old.remove("diversityCap");
        assertEquals(TrainingConfig.paperDefaults(), TrainingConfig.fromMap(old));
        assertEquals(List.of(0.0, 0.0, 0.0), TrainingConfig.paperDefaults().diversityWeights());
        assertMessage(() -> TrainingConfig.paperDefaults().toBuilder().diversity(List.of(0.0, 0.0, 1.0), 0).build(),
                "diversityCap");
        assertMessage(() -> TrainingConfig.paperDefaults().toBuilder().diversity(List.of(0.0, 1.0), 0.2).build(),
                "diversityWeights");
    }

    @Test
    void invalidValuesAreRejectedByName() {
        TrainingConfig.Builder b = TrainingConfig.paperDefaults().toBuilder();
        assertMessage(() -> b.batchSize(0).build(), "batchSize");
        assertMessage(() -> TrainingConfig.paperDefaults().toBuilder().emaDecay(1.5).build(), "emaDecay");
        assertMessage(() -> TrainingConfig.paperDefaults().toBuilder()
                .lossWeights(List.of(1.0, 1.0), List.of(4.0, 4.0, 0.0), List.of(0.2, 0.5, 1.0)).build(), "one value per level");
        assertMessage(() -> TrainingConfig.paperDefaults().toBuilder()
                .lossWeights(List.of(1.0, 1.0, 0.0), List.of(4.0, 4.0, 0.0), List.of(0.2, 0.5, 0.0)).build(), "level 3");
        assertMessage(() -> TrainingConfig.paperDefaults().toBuilder()
                .lossWeights(List.of(-1.0, 1.0, 0.0), List.of(4.0, 4.0, 0.0), List.of(0.2, 0.5, 1.0)).build(), "l1Weights");
        assertMessage(() -> TrainingConfig.fromMap(Map.of("l1Weights", "x")), "l1Weights");
    }

    private static void assertMessage(Runnable action, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should name " + fragment);
    }
}
