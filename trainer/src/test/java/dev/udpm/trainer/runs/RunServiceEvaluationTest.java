package dev.udpm.trainer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.udpm.core.classifier.FeatureNet;
import dev.udpm.core.classifier.FeatureNetCheckpoint;
import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectStore;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.training.RunRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Evaluation at export (ExportWithEvaluation, as TrainCommand): a tiny Fashion-MNIST run with a classifier and
 * {@code eval-per-class} 3 publishes a model whose manifest and ModelPublished event carry FD, FD floor and
 * conditional accuracy. The classifier is an untrained tiny FeatureNet (as in ModelEvaluationTest): the values are
 * meaningless, the wiring is what is tested.
 */
class RunServiceEvaluationTest {

    private static final String BUCKET = "udpm-eval-test";
    private static final int PER_CLASS = 3;

    @TempDir
    Path temp;

    @Test
    void aFashionMnistRunWithAClassifierPublishesItsEvaluationMetrics() throws Exception {
        Path classifier = tinyClassifier(temp.resolve("classifier"));
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient()) {
            s3.createBucket(BUCKET);
            try (ObjectStore objects = RunStoreTest.connect(s3, BUCKET)) {
                List<ModelPublished> announced = new CopyOnWriteArrayList<>();
                Path workspace = temp.resolve("w");
                RunService service = new RunService(new RunStore(objects), new ModelPublisher(objects, announced::add),
                        new RunMetrics(new SimpleMeterRegistry()), new RunService.Settings(workspace,
                                Path.of(FashionMnist.DEFAULT_DIRECTORY), Optional.of(classifier), PER_CLASS, true,
                                Duration.ofMinutes(1)));
                String runId = "eval-run";
                // perceptualWeight absent: 4, through the same tiny classifier
                service.start(new RunRequest(runId, RunRequest.FASHION_MNIST, null, null, null, "tiny", 4L, 4, 7L, 4,
                        4, 2, 1, new RunRequest.Hyperparameters(1e-3, 1e-3, 0, null, null, null, null, null, null, null), false,
                        "eval-model", true, null));
                assertTrue(service.awaitIdle(Duration.ofMinutes(3)), "no end in 3 min: " + service.status(runId));
                service.close();
                RunStatus done = service.status(runId);
                assertEquals(RunState.COMPLETED, done.state(), "final status: " + done);

                assertEquals(1, announced.size(), "exactly one announcement: " + announced);
                Map<String, Double> metrics = announced.get(0).metrics();
                for (String key : List.of("fd", "fdFloor", "fdRatio", "conditionalAccuracy", "fdBlurred4x4",
                        "fdClassMeans", "fdNoise")) {
                    assertTrue(metrics.containsKey(key), key + " missing in " + metrics);
                }
                assertEquals(10.0 * PER_CLASS, metrics.get("evalImages"), "eval-per-class images of 10 classes");
                double accuracy = metrics.get("conditionalAccuracy");
                assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);

                ModelManifest manifest = ContractValidator.shared().parseModelManifest(new String(
                        objects.get(ModelManifest.keyOf("eval-model", done.exportedVersion())),
                        StandardCharsets.UTF_8));
                assertEquals(metrics, manifest.metrics(), "the event carries the stored manifest's metrics");
                RunServiceResumeTest.assertObjectsMatch(objects, manifest);
                assertTrue(Files.notExists(workspace.resolve(runId)), "no draft export or run folder left behind");
            }
        }
    }

    /** An untrained, seeded FeatureNet for 32x32 gray images in 10 classes (Fashion-MNIST's shape). */
    private static Path tinyClassifier(Path directory) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            FeatureNet net = FeatureNet.create(tf, new FeatureNetConfig(32, 1, List.of(4, 4, 4), 3, 8, 10), 3);
            FeatureNetCheckpoint.attach(tf, net).save(session, directory);
        }
        return directory;
    }
}
