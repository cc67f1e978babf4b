package dev.udpm.trainer.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.data.ImageDataset;

/**
 * One small classifier per test JVM, shared by the eval tests: 250 steps of batch 32 on the first 3000
 * Fashion-MNIST training images (Debian's dataset-fashion-mnist), tested on the first 1000 test images.
 */
final class TrainedClassifier {

    static final ClassifierTraining.Options OPTIONS = new ClassifierTraining.Options(5, 32, 1e-3f, 7L, 250, 50);

    private static TrainedClassifier instance;

    final ImageDataset train;
    final ImageDataset test;
    final Path directory;
    final ClassifierTraining.Outcome outcome;
    final int progressReports;

    private TrainedClassifier() {
        Path data = Path.of(FashionMnist.DEFAULT_DIRECTORY);
        train = ImageSubset.first(FashionMnist.load(data, FashionMnist.Split.TRAIN), 3000);
        test = ImageSubset.first(FashionMnist.load(data, FashionMnist.Split.TEST), 1000);
        try {
            directory = Files.createTempDirectory("udpm-eval-classifier");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        directory.toFile().deleteOnExit();
        int[] reports = new int[1];
        outcome = ClassifierTraining.train(train, test, FeatureNetConfig.fashionMnist(), OPTIONS, directory,
                (step, total, loss, rate) -> reports[0]++);
        progressReports = reports[0];
        for (String name : new String[] {"featurenet.index", "featurenet.data-00000-of-00001",
                "featurenet.properties"}) {
            directory.resolve(name).toFile().deleteOnExit();
        }
    }

    static synchronized TrainedClassifier get() {
        if (instance == null) {
            instance = new TrainedClassifier();
        }
        return instance;
    }
}
