package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.udpm.core.model.TinyModels;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.eval.ClassifierTraining;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndependentEvaluationTest {

    @Test
    void reportsEveryDatasetUserMetricForTheManifest(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        TinyModels.export(model, 3);
        Path independent = TrainingTestData.classifier(dir.resolve("independent"));
        ImageDataset train = TrainingTestData.dataset(60, 1);
        ImageDataset test = TrainingTestData.dataset(40, 2);
        IndependentEvaluation.Result result = IndependentEvaluation.evaluate(model, independent, train, test, 3, 5,
                new ClassifierTraining.Options(1, 10, 1e-3f, 5, 5, 100));
        Map<String, Double> m = result.metrics();
        for (String key : List.of("fdIndependent", "fdIndependentFloor", "fdIndependentRatio",
                "conditionalAccuracyIndependent", "casSynthetic", "casReal", "casRatio", "varianceRatio4",
                "varianceRatio8", "varianceRatio16", "varianceRatio32", "varianceRatioMin4", "latentShareLevel1",
                "latentShareLevel2", "latentShareLevel3", "coarsestLatentVariance4Ratio")) {
            assertTrue(m.containsKey(key) && Double.isFinite(m.get(key)), key + " in " + m);
        }
        assertEquals(3.0, m.get("casPerClass"));
        assertEquals(m.get("casSynthetic") / m.get("casReal"), m.get("casRatio"), 1e-12);
        assertEquals(1.0, m.get("latentShareLevel1") + m.get("latentShareLevel2") + m.get("latentShareLevel3"), 1e-9);
        assertTrue(result.summary().contains("CAS (3 per class)"), result.summary());
    }
}
