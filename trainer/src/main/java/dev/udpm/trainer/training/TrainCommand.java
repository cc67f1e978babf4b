package dev.udpm.trainer.training;

import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.train.DiscriminatorConfig;
import dev.udpm.core.train.TrainingConfig;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.data.ImageFolder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Command line: trains a UDPM model with {@link TrainingLoop}, optionally exports and evaluates it. From the
 * repository root (offline; build the classpath once, as for {@code ClassifierTrainingCommand}):
 * <pre>
 *   ./mvnw -o -q -pl trainer compile
 *   ./mvnw -o -q -pl trainer org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath \
 *     -Dmdep.outputFile=/tmp/udpm-trainer.cp
 *   java -cp trainer/target/classes:$(cat /tmp/udpm-trainer.cp) dev.udpm.trainer.eval.ClassifierTrainingCommand \
 *     --out /tmp/udpm-classifier
 *   java -cp trainer/target/classes:$(cat /tmp/udpm-trainer.cp) dev.udpm.trainer.training.TrainCommand \
 *     --out /tmp/udpm-run --classifier /tmp/udpm-classifier --steps 20000 --batch 32 \
 *     --export /tmp/udpm-model --name fashion-mnist --version v1
 * </pre>
 * Stop it with Ctrl-C or SIGTERM: it finishes the current step and writes a checkpoint; rerun with {@code --resume}
 * to continue (after {@code kill -9} it continues from the newest checkpoint).
 *
 * <p>Options (defaults in brackets): {@code --out DIR} run folder (required); {@code --data DIR}
 * [{@value FashionMnist#DEFAULT_DIRECTORY}]; {@code --dataset fashion-mnist|folder} [fashion-mnist] (a folder of
 * images, sub-folders as classes, resized to {@code --image-size} [32], {@code --channels} [1]);
 * {@code --classifier DIR} the evaluation classifier (required for the perceptual loss and for evaluation);
 * {@code --steps N} [20000]; {@code --batch N} [32]; {@code --seed N} [1]; {@code --checkpoint-every N} [1000];
 * {@code --sample-every N} [1000]; {@code --log-every N} [100]; {@code --keep N} [3]; {@code --resume} (continue
 * from the newest checkpoint of {@code --out}); {@code --lr-g X} [1e-4]; {@code --lr-d X} [1e-4];
 * {@code --warmup N} [500]; {@code --ema X} [0.999]; {@code --perceptual X} [4] (weight of levels 1 and 2; 0 trains
 * without the classifier); {@code --instance-noise X} [0.4] and {@code --noise-decay X} [0.99] (instance-noise std
 * and its factor per 1000 steps); {@code --network default|tiny} [default]; {@code --graph-optimizations true|false}
 * [true]; {@code --export DIR} export the EMA weights after training; {@code --name NAME} [fashion-mnist];
 * {@code --version V} [step-N]; {@code --r1 LIST} [0.025,0.1,0.4] the R1 gamma per level; {@code --diversity LIST}
 * [0,0,0] the weight of the generator's diversity term per level (e.g. {@code 0,0,1} at the coarsest level only) and
 * {@code --diversity-cap X} [{@value TrainingConfig#DEFAULT_DIVERSITY_CAP}] its cap (see {@link TrainingConfig}); {@code --independent DIR} the independent evaluation network
 * ({@code ClassifierTrainingCommand --architecture independent}): the export's evaluation then adds its FD, the
 * classification accuracy score, variance ratios and latent-level shares to the manifest; {@code --levels LIST} [every level] the levels steps are drawn from, uniformly over
 * the list ({@code 3} trains the coarsest level alone, {@code 1,2,3,3} draws it twice as often); {@code --eval-per-class N} [500; 0 skips the evaluation] (Fashion-MNIST only: FD
 * against the test split, floor and baselines, conditional accuracy; the metrics go into the manifest).
 */
public final class TrainCommand {

    private static final Set<String> KEYS = Set.of("out", "data", "dataset", "image-size", "channels", "classifier",
            "steps", "batch", "seed", "checkpoint-every", "sample-every", "log-every", "keep", "lr-g", "lr-d", "warmup",
            "ema", "perceptual", "instance-noise", "noise-decay", "network", "graph-optimizations", "export", "name",
            "version", "eval-per-class", "levels", "independent", "r1", "diversity", "diversity-cap");
    private static final Set<String> FLAGS = Set.of("resume");

    private TrainCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> a = parse(args);
        if (!a.containsKey("out")) {
            throw new IllegalArgumentException("--out DIR is required: the run folder (checkpoints, samples)");
        }
        Path out = Path.of(a.get("out"));
        Path data = Path.of(a.getOrDefault("data", FashionMnist.DEFAULT_DIRECTORY));
        boolean fashion = a.getOrDefault("dataset", "fashion-mnist").equals("fashion-mnist");
        ImageDataset train = fashion ? FashionMnist.load(data, FashionMnist.Split.TRAIN)
                : ImageFolder.load(data, intOf(a, "image-size", 32), intOf(a, "channels", 1));
        Path classifier = a.containsKey("classifier") ? Path.of(a.get("classifier")) : null;

        TrainingRunConfig config = config(a, train);
        System.out.printf(Locale.ROOT, "training on %d images (%dx%dx%d, %d classes) into %s: %s%n", train.size(),
                train.imageSize(), train.imageSize(), train.channels(), train.numClasses(), out, config.toMap());

        CountDownLatch finished = new CountDownLatch(1);
        try (TrainingLoop loop = TrainingLoop.open(config, train, out, classifier, new ConsoleListener(),
                a.containsKey("resume"))) {
            System.out.printf(Locale.ROOT, "starting at step %d of %d%n", loop.step(), config.steps());
            Thread hook = new Thread(() -> {
                loop.requestStop();
                try {
                    finished.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "udpm-train-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                loop.run();
                if (loop.step() < config.steps()) {
                    System.out.println("stopped at step " + loop.step() + "; rerun with --resume to continue");
                } else if (a.containsKey("export")) {
                    export(loop, a, fashion ? data : null, train, classifier);
                }
            } finally {
                finished.countDown();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping: the hook has done its work
            }
        }
    }

    /**
     * Prints progress, checkpoints and previews to standard output (the loop's {@link System.Logger} lines may go
     * nowhere outside a configured application: with Quarkus' JBoss LogManager on the classpath but not installed).
     */
    private static final class ConsoleListener implements TrainingListener {
        @Override
        public void onProgress(TrainingProgress progress) {
            System.out.println(progress.summary());
        }

        @Override
        public void onCheckpoint(long step, Path checkpoint) {
            System.out.println("checkpoint " + checkpoint);
        }

        @Override
        public void onSamples(long step, Path sampleGrid, Path lossCurve) {
            System.out.println("samples " + sampleGrid + ", loss curve " + lossCurve);
        }
    }

    private static void export(TrainingLoop loop, Map<String, String> a, Path fashionDir, ImageDataset train,
            Path classifier) throws Exception {
        Path target = Path.of(a.get("export"));
        String name = a.getOrDefault("name", "fashion-mnist");
        String version = a.getOrDefault("version", "step-" + loop.step());
        int perClass = intOf(a, "eval-per-class", 500);
        Path independent = a.containsKey("independent") ? Path.of(a.get("independent")) : null;
        ExportWithEvaluation.Outcome outcome = ExportWithEvaluation.export(loop, target, name, version, train,
                fashionDir, classifier, independent, perClass);
        outcome.evaluation().ifPresent(result -> {
            System.out.println(result.summary());
            System.out.printf(Locale.ROOT, "evaluation took %.1f s%n", outcome.evaluationSeconds());
        });
        System.out.println("exported " + name + "/" + version + " to " + target.toAbsolutePath());
    }

    static TrainingRunConfig config(Map<String, String> a, ImageDataset train) {
        int classes = train.numClasses();
        int channels = train.channels();
        boolean tiny = a.getOrDefault("network", "default").equals("tiny");
        double perceptual = Double.parseDouble(a.getOrDefault("perceptual", "4"));
        TrainingConfig paper = TrainingConfig.paperDefaults();
        TrainingConfig training = paper.toBuilder()
                .lossWeights(paper.l1Weights(), List.of(perceptual, perceptual, 0.0), paper.adversarialWeights())
                .batchSize(intOf(a, "batch", 32))
                .seed(Long.parseLong(a.getOrDefault("seed", "1")))
                .learningRates(Double.parseDouble(a.getOrDefault("lr-g", "1e-4")),
                        Double.parseDouble(a.getOrDefault("lr-d", "1e-4")))
                .warmupSteps(intOf(a, "warmup", 500))
                .emaDecay(Double.parseDouble(a.getOrDefault("ema", "0.999")))
                .instanceNoise(Double.parseDouble(a.getOrDefault("instance-noise", "0.4")),
                        Double.parseDouble(a.getOrDefault("noise-decay", "0.99")), 1000)
                .r1(r1Gammas(a, paper), paper.r1Interval())
                .diversity(perLevel(a, "diversity", paper.diversityWeights()),
                        Double.parseDouble(a.getOrDefault("diversity-cap", String.valueOf(paper.diversityCap()))))
                .build();
        return new TrainingRunConfig(Long.parseLong(a.getOrDefault("steps", "20000")), intOf(a, "checkpoint-every", 1000),
                intOf(a, "sample-every", 1000), intOf(a, "log-every", 100), intOf(a, "keep", 3), 8,
                tiny ? UNetConfig.tiny(channels, classes) : UNetConfig.cpuDefault(channels, classes),
                tiny ? DiscriminatorConfig.tiny(channels, classes) : DiscriminatorConfig.cpuDefault(channels, classes),
                training, Boolean.parseBoolean(a.getOrDefault("graph-optimizations", "true")), levels(a));
    }

    /** {@code --r1 0.025,0.1,0.4}: the R1 gamma of every level (default: the method's). */
    static List<Double> r1Gammas(Map<String, String> a, TrainingConfig paper) {
        return perLevel(a, "r1", paper.r1Gammas());
    }

    /** {@code --KEY 0.025,0.1,0.4}: one number per level, or {@code fallback} without the option. */
    static List<Double> perLevel(Map<String, String> a, String key, List<Double> fallback) {
        String value = a.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return java.util.Arrays.stream(value.split(",")).map(String::trim).map(Double::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " " + value + " must be one number per level, e.g. "
                    + fallback.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")), e);
        }
    }

    /** {@code --levels 3} or {@code --levels 1,2,3,3}: the levels steps are drawn from (default: every level). */
    static List<Integer> levels(Map<String, String> a) {
        String value = a.get("levels");
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            return java.util.Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--levels " + value + " must be a comma-separated list of levels such as"
                    + " 3 or 1,2,3,3", e);
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (FLAGS.contains(key)) {
                out.put(key, "true");
                continue;
            }
            if (!KEYS.contains(key) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "': use --KEY VALUE pairs with"
                        + " KEY one of " + KEYS + ", or the flags " + FLAGS);
            }
            out.put(key, args[++i]);
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
