package dev.udpm.trainer.eval;

import dev.udpm.core.classifier.FeatureNetConfig;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.data.ImageDataset;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command line: trains the evaluation classifier on Fashion-MNIST, saves it, and prints the real-data floor and
 * the baselines of the evaluation. From the repository root (offline, the exec plugin's parent POM is not in the
 * local repository, so build the classpath and call java):
 * <pre>
 *   ./mvnw -o -q -pl trainer compile
 *   ./mvnw -o -q -pl trainer org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath \
 *     -Dmdep.outputFile=/tmp/udpm-trainer.cp
 *   java -cp trainer/target/classes:$(cat /tmp/udpm-trainer.cp) dev.udpm.trainer.eval.ClassifierTrainingCommand \
 *     --out /tmp/udpm-classifier --log-every 500
 * </pre>
 * Measured on 2 shared cores: 5 epochs (4685 steps) in 225 s at 1100-1600 images/s, test accuracy 91.31%.
 * Options (defaults in brackets): {@code --out DIR} (required), {@code --data DIR}
 * [{@value FashionMnist#DEFAULT_DIRECTORY}], {@code --epochs N} [5], {@code --batch N} [64], {@code --lr X} [1e-3],
 * {@code --seed N} [1234], {@code --max-steps N} [0 = all epochs], {@code --log-every N} [100],
 * {@code --train-limit N} [0 = all 60000], {@code --references N} [5000; 0 skips the floor and baselines],
 * {@code --architecture default|independent} [default]: {@code independent} trains the independent evaluation network
 * ({@link FeatureNetConfig#independentFashionMnist()}, seed {@value #INDEPENDENT_SEED} unless {@code --seed} is given),
 * used by no training loss, for FD, model selection and the classification accuracy score.
 */
public final class ClassifierTrainingCommand {

    private static final Set<String> KEYS = Set.of("out", "data", "epochs", "batch", "lr", "seed", "max-steps",
            "log-every", "train-limit", "references", "architecture");
    /** Seed of the independent evaluation network when {@code --seed} is not given (the default net uses 1234). */
    static final long INDEPENDENT_SEED = 4321L;

    private ClassifierTrainingCommand() {
    }

    public static void main(String[] args) {
        Map<String, String> a = parse(args);
        if (!a.containsKey("out")) {
            throw new IllegalArgumentException("--out DIR is required: the folder the classifier is saved to");
        }
        Path out = Path.of(a.get("out"));
        Path data = Path.of(a.getOrDefault("data", FashionMnist.DEFAULT_DIRECTORY));
        ClassifierTraining.Options defaults = ClassifierTraining.Options.defaults();
        boolean independent = switch (a.getOrDefault("architecture", "default")) {
            case "default" -> false;
            case "independent" -> true;
            default -> throw new IllegalArgumentException("--architecture " + a.get("architecture")
                    + " must be default or independent");
        };
        long defaultSeed = independent ? INDEPENDENT_SEED : defaults.seed();
        ClassifierTraining.Options options = new ClassifierTraining.Options(
                intOf(a, "epochs", defaults.epochs()), intOf(a, "batch", defaults.batchSize()),
                Float.parseFloat(a.getOrDefault("lr", Float.toString(defaults.learningRate()))),
                Long.parseLong(a.getOrDefault("seed", Long.toString(defaultSeed))),
                intOf(a, "max-steps", defaults.maxSteps()), intOf(a, "log-every", defaults.logEvery()));
        int trainLimit = intOf(a, "train-limit", 0);
        int references = intOf(a, "references", 5000);

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
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!KEYS.contains(key) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "': use --KEY VALUE pairs"
                        + " with KEY one of " + KEYS);
            }
            out.put(key, args[i + 1]);
        }
        return out;
    }

    private static int intOf(Map<String, String> args, String key, int fallback) {
        String value = args.get(key);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " " + value + " is not an integer", e);
        }
    }
}
