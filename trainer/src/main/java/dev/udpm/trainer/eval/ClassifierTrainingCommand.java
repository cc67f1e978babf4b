package dev.udpm.trainer.eval;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.data.ImageDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line: trains the evaluation classifier on Fashion-MNIST, saves it, and prints the real-data floor and
 * the baselines of the evaluation. From the repository root (build the classpath as for {@code TrainCommand}):
 * <pre>
 *   java -cp trainer/target/classes:$(cat /tmp/udpm-trainer.cp) dev.udpm.trainer.eval.ClassifierTrainingCommand \
 *     --out /tmp/udpm-classifier --log-every 500
 * </pre>
 * Measured on 2 shared cores: 5 epochs (4685 steps) in 225 s at 1100-1600 images/s, test accuracy 91.31%.
 * {@code --help} lists the options with their defaults, which are {@link ClassifierTraining.Options#defaults()}'s.
 * {@code --architecture independent} trains the independent evaluation network
 * ({@link FeatureNetConfig#independentFashionMnist()}, seed {@value #INDEPENDENT_SEED} unless {@code --seed} is given),
 * used by no training loss, for FD, model selection and the classification accuracy score.
 */
@Command(name = "ClassifierTrainingCommand", mixinStandardHelpOptions = true, sortOptions = false,
        showDefaultValues = true, usageHelpWidth = 120,
        description = "Trains the evaluation classifier on Fashion-MNIST, saves it, and prints the real-data floor and"
                + " the baselines of the evaluation.")
public final class ClassifierTrainingCommand implements Callable<Integer> {

    /** Seed of the independent evaluation network when {@code --seed} is not given (the default net uses 1234). */
    static final long INDEPENDENT_SEED = 4321L;
    private static final ClassifierTraining.Options DEFAULTS = ClassifierTraining.Options.defaults();

    /** The two evaluation networks. */
    enum Architecture {
        /** {@link FeatureNetConfig#fashionMnist()}: the perceptual loss's network and the project's evaluation. */
        DEFAULT,
        /** {@link FeatureNetConfig#independentFashionMnist()}: used by no loss. */
        INDEPENDENT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder the classifier is saved to")
    Path out;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = FashionMnist.DEFAULT_DIRECTORY,
            description = "the Fashion-MNIST IDX files")
    Path data;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training images")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--batch", paramLabel = "N", description = "images per step")
    int batch = DEFAULTS.batchSize();

    @Option(names = "--lr", paramLabel = "X", description = "Adam step size")
    float learningRate = DEFAULTS.learningRate();

    @Option(names = "--seed", paramLabel = "N", description = "seed of the initial weights and the batches"
            + " (with --architecture independent: " + INDEPENDENT_SEED + " unless given)")
    long seed = DEFAULTS.seed();

    @Option(names = "--max-steps", paramLabel = "N", description = "stop after N steps (0: all epochs)")
    int maxSteps = DEFAULTS.maxSteps();

    @Option(names = "--log-every", paramLabel = "N", description = "print progress every N steps")
    int logEvery = DEFAULTS.logEvery();

    @Option(names = "--train-limit", paramLabel = "N", description = "train on the first N images (0: all 60000)")
    int trainLimit = 0;

    @Option(names = "--references", paramLabel = "N",
            description = "images per reference of the floor and baselines (0 skips them)")
    int references = 5000;

    @Option(names = "--architecture", paramLabel = "default|independent",
            converter = ArchitectureConverter.class, description = "which evaluation network to train")
    Architecture architecture = Architecture.DEFAULT;

    public static void main(String[] args) {
        int code = new CommandLine(new ClassifierTrainingCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The training options these command-line options give (validated by {@link ClassifierTraining.Options}). */
    ClassifierTraining.Options options() {
        boolean seedGiven = spec.commandLine().getParseResult().hasMatchedOption("--seed");
        long effectiveSeed = architecture == Architecture.INDEPENDENT && !seedGiven ? INDEPENDENT_SEED : seed;
        try {
            return new ClassifierTraining.Options(epochs, batch, learningRate, effectiveSeed, maxSteps, logEvery);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() {
        ClassifierTraining.Options options = options();
        if (trainLimit < 0 || references < 0) {
            throw new ParameterException(spec.commandLine(), "--train-limit and --references must be >= 0");
        }
        boolean independent = architecture == Architecture.INDEPENDENT;
        ImageDataset train = FashionMnist.load(data, FashionMnist.Split.TRAIN);
        ImageDataset test = FashionMnist.load(data, FashionMnist.Split.TEST);
        ImageDataset used = trainLimit > 0 ? ImageSubset.first(train, trainLimit) : train;
        System.out.printf(Locale.ROOT, "training FeatureNet on %d images, testing on %d: %s%n", used.size(),
                test.size(), options);
        ClassifierTraining.Outcome outcome = ClassifierTraining.train(used, test,
                independent ? FeatureNetConfig.independentFashionMnist() : FeatureNetConfig.fashionMnist(),
                options, out, (step, total, loss, rate) -> System.out.printf(Locale.ROOT,
                        "step %6d/%d  loss %.4f  %.0f images/s%n", step, total, loss, rate));
        System.out.printf(Locale.ROOT, "saved to %s after %d steps in %.1f s; test accuracy %.2f%%%n",
                out.toAbsolutePath(), outcome.steps(), outcome.trainingSeconds(), 100 * outcome.testAccuracy());
        if (references > 0) {
            long start = System.nanoTime();
            try (Evaluator evaluator = Evaluator.load(out)) {
                GaussianStats reference = evaluator.statsOf(test);
                System.out.println("FD against the " + test.size() + " test images:");
                for (Evaluation e : evaluator.references(train, reference, references, options.seed())) {
                    System.out.println("  " + e.summary());
                }
            }
            System.out.printf(Locale.ROOT, "references took %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }

    /** {@code default} or {@code independent}, as the option has always been spelled. */
    static final class ArchitectureConverter implements CommandLine.ITypeConverter<Architecture> {
        @Override
        public Architecture convert(String value) {
            return switch (value) {
                case "default" -> Architecture.DEFAULT;
                case "independent" -> Architecture.INDEPENDENT;
                default -> throw new CommandLine.TypeConversionException("must be default or independent, got '"
                        + value + "'");
            };
        }
    }
}
