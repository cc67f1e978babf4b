package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import dev.udpm.core.model.TinyModels;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.eval.Evaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelEvaluationTest {

    @Test
    void scoresPerClassSamplesNextToTheFloorAndBaselines(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        TinyModels.export(model, 3);
        Path classifier = TrainingTestData.classifier(dir.resolve("classifier"));
        ImageDataset train = TrainingTestData.dataset(60, 1);
        ImageDataset test = TrainingTestData.dataset(40, 2);
        ModelEvaluation.Result result = ModelEvaluation.evaluate(model, classifier, train, test, 3, 5);
        assertEquals(30, result.model().count(), "3 images for each of 10 classes");
        assertEquals(10, result.model().perClassAccuracy().length);
        assertEquals(4, result.references().size());
        assertEquals(Evaluator.FLOOR, result.references().get(0).name());
        assertEquals(30, result.references().get(0).count(), "references scored at the same count");
        Map<String, Double> metrics = result.metrics();
        assertEquals(result.model().frechetDistance() / result.floor(), metrics.get("fdRatio"), 1e-12);
        assertEquals(30.0, metrics.get("evalImages"));
        assertTrue(metrics.values().stream().allMatch(Double::isFinite), metrics.toString());
        assertTrue(result.summary().contains("FD ratio model / floor"), result.summary());
    }
}
