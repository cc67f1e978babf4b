package dev.udpm.core.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class FeatureNetConfigTest {

    @Test
    void fashionMnistDefaultsDeriveTheFlattenedSizeFromThreePoolings() {
        FeatureNetConfig c = FeatureNetConfig.fashionMnist();
        assertEquals(3, c.blocks());
        assertEquals(4, c.finalSize());              // 32 / 2^3
        assertEquals(4 * 4 * 128, c.flattenedSize());
        assertEquals(32 * 32, c.valuesPerImage());
    }

    @Test
    void theIndependentEvaluationNetIsAnotherArchitectureForTheSameImages() {
        FeatureNetConfig perceptual = FeatureNetConfig.fashionMnist();
        FeatureNetConfig independent = FeatureNetConfig.independentFashionMnist();
        assertEquals(perceptual.imageSize(), independent.imageSize());
        assertEquals(perceptual.channels(), independent.channels());
        assertEquals(perceptual.numClasses(), independent.numClasses());
        assertNotEquals(perceptual.blockChannels(), independent.blockChannels());
        assertNotEquals(perceptual.kernelSize(), independent.kernelSize());
        assertNotEquals(perceptual.featureDim(), independent.featureDim());
    }

    @Test
    void propertiesRoundTripGivesAnEqualConfig() {
        FeatureNetConfig c = new FeatureNetConfig(16, 3, List.of(5, 7), 5, 12, 4);
        Properties p = c.toProperties();
        assertEquals("5,7", p.getProperty("blockChannels"));
        assertEquals(c, FeatureNetConfig.fromProperties(p));
    }

    @Test
    void missingOrMalformedPropertiesNameTheKey() {
        Properties p = FeatureNetConfig.fashionMnist().toProperties();
        p.remove("featureDim");
        var missing = assertThrows(IllegalArgumentException.class, () -> FeatureNetConfig.fromProperties(p));
        assertTrue(missing.getMessage().contains("featureDim"), missing.getMessage());
        p.setProperty("featureDim", "many");
        var malformed = assertThrows(IllegalArgumentException.class, () -> FeatureNetConfig.fromProperties(p));
        assertTrue(malformed.getMessage().contains("'many'"), malformed.getMessage());
    }

    @Test
    void invalidFieldsAreRejectedWithTheFieldName() {
        assertMessage("imageSize = 28", () -> new FeatureNetConfig(28, 1, List.of(8, 8, 8), 3, 16, 10));
        assertMessage("channels = 2", () -> new FeatureNetConfig(32, 2, List.of(8), 3, 16, 10));
        assertMessage("blockChannels must hold", () -> new FeatureNetConfig(32, 1, List.of(), 3, 16, 10));
        assertMessage("blockChannels[1] = 0", () -> new FeatureNetConfig(32, 1, List.of(8, 0), 3, 16, 10));
        assertMessage("kernelSize = 4", () -> new FeatureNetConfig(32, 1, List.of(8), 4, 16, 10));
        assertMessage("featureDim = 0", () -> new FeatureNetConfig(32, 1, List.of(8), 3, 0, 10));
        assertMessage("numClasses = 1", () -> new FeatureNetConfig(32, 1, List.of(8), 3, 16, 1));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
