package dev.udpm.trainer.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.Json;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.data.ImageFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line: trains a UDPM model with {@link TrainingLoop}, optionally exports and evaluates it. From the
 * repository root (build the classpath once, as for {@code ClassifierTrainingCommand}):
 * <pre>
 *   ./mvnw -q -pl trainer -am install -DskipTests
 *   ./mvnw -q -pl trainer dependency:build-classpath -Dmdep.outputFile=/tmp/udpm-trainer.cp
 *   java -cp trainer/target/classes:$(cat /tmp/udpm-trainer.cp) dev.udpm.trainer.training.TrainCommand --help
 *   java -cp trainer/target/classes:$(cat /tmp/udpm-trainer.cp) dev.udpm.trainer.training.TrainCommand \
 *     --out /tmp/udpm-run --classifier /tmp/udpm-classifier --steps 20000 --batch 32 \
 *     --export /tmp/udpm-model --name fashion-mnist --version v1
 * </pre>
 * Stop it with Ctrl-C or SIGTERM: it finishes the current step and writes a checkpoint; rerun with {@code --resume}
 * to continue (after {@code kill -9} it continues from the newest checkpoint). {@code --init-from DIR} starts a new
 * run whose generator (and EMA) weights are those of an exported model folder ({@link WarmStart}); it cannot be combined
 * with {@code --resume}.
 *
 * <p>The options that describe the run fill a {@link RunRequest}, the body the service's {@code POST /v1/runs}
 * takes: each names the request field it sets as its {@code descriptionKey} (a JSON pointer), absent options take
 * {@link RunRequest#DEFAULTS} through {@link RunRequest#withDefaults}, and {@link RunRequest#violations} checks the
 * result as it checks a REST body, so the command and the service cannot drift apart. {@code --help} prints every
 * option with its default, read from the same {@link RunRequest#DEFAULTS}.
 */
@Command(name = "TrainCommand", sortOptions = false, showDefaultValues = true,
        defaultValueProvider = TrainCommand.RequestDefaults.class, usageHelpWidth = 120,
        description = "Trains UDPM into a run folder (checkpoints, sample grids, loss curve); with --export, exports"
                + " the EMA weights as a model folder the worker serves, evaluated when --classifier is given.")
public final class TrainCommand implements Callable<Integer> {

    /** The run id the request carries on the command line (it names nothing: the run is the --out folder). */
    static final String RUN_ID = "command-line";

    @Spec
    CommandSpec spec;

    // Not mixinStandardHelpOptions: its -V/--version would take --version, the exported model's version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print the options with their defaults and exit")
    boolean help;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the run folder: checkpoints, samples, loss curve")
    Path out;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = FashionMnist.DEFAULT_DIRECTORY,
            description = "the Fashion-MNIST IDX files, or the image folder of --dataset folder")
    Path data;

    @Option(names = "--dataset", descriptionKey = "/dataset", paramLabel = "fashion-mnist|folder",
            description = "what --data holds: Fashion-MNIST, or a folder of images with sub-folders as classes")
    String dataset;

    @Option(names = "--image-size", descriptionKey = "/imageSize", paramLabel = "N",
            description = "side the folder's images are resized to (--dataset folder)")
    Integer imageSize;

    @Option(names = "--channels", descriptionKey = "/channels", paramLabel = "1|3",
            description = "channels of the folder's images (--dataset folder)")
    Integer channels;

    @Option(names = "--classifier", paramLabel = "DIR", description = "the evaluation classifier"
            + " (ClassifierTrainingCommand --out): the perceptual loss's network and the export's evaluation")
    Path classifier;

    @Option(names = "--independent", paramLabel = "DIR", description = "the independent evaluation network"
            + " (ClassifierTrainingCommand --architecture independent): the export's evaluation adds its FD, the"
            + " classification accuracy score, variance ratios and latent-level shares")
    Path independent;

    @Option(names = "--network", descriptionKey = "/network", paramLabel = "default|tiny",
            description = "the U-Net and discriminator: the CPU default or a tiny one for tests")
    String network;

    @Option(names = "--steps", descriptionKey = "/steps", paramLabel = "N", description = "train until this step")
    Long steps;

    @Option(names = "--batch", descriptionKey = "/batch", paramLabel = "N", description = "images per step")
    Integer batch;

    @Option(names = "--seed", descriptionKey = "/seed", paramLabel = "N",
            description = "seed of the initial weights and of every step's draws")
    Long seed;

    @Option(names = "--checkpoint-every", descriptionKey = "/checkpointEvery", paramLabel = "N",
            description = "write a checkpoint every N steps")
    Integer checkpointEvery;

    @Option(names = "--sample-every", descriptionKey = "/sampleEvery", paramLabel = "N",
            description = "write the sample grid and loss curve every N steps")
    Integer sampleEvery;

    @Option(names = "--log-every", descriptionKey = "/logEvery", paramLabel = "N",
            description = "print progress every N steps")
    Integer logEvery;

    @Option(names = "--keep", descriptionKey = "/keepCheckpoints", paramLabel = "N",
            description = "newest checkpoints kept")
    Integer keep;

    @Option(names = "--resume", description = "continue from the newest checkpoint of --out")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "DIR", description = "start a new run (not with --resume) from the"
            + " exported model folder DIR (e.g. models/fashion-mnist), its files checked against its manifest: the"
            + " generator and EMA weights are its weights, the discriminator and optimiser start fresh; the network"
            + " must be the one it was exported with. The run's checkpoints and exports record its name, version and"
            + " manifest sha256 (trainingConfig.initFrom)")
    Path initFrom;

    @Option(names = "--lr-g", descriptionKey = "/hyperparameters/generatorLearningRate", paramLabel = "X",
            description = "the generator's Adam step size after warm-up")
    Double generatorLearningRate;

    @Option(names = "--lr-d", descriptionKey = "/hyperparameters/discriminatorLearningRate", paramLabel = "X",
            description = "the discriminator's Adam step size after warm-up")
    Double discriminatorLearningRate;

    @Option(names = "--warmup", descriptionKey = "/hyperparameters/warmupSteps", paramLabel = "N",
            description = "steps of linear learning-rate warm-up")
    Integer warmup;

    @Option(names = "--ema", descriptionKey = "/hyperparameters/emaDecay", paramLabel = "X",
            description = "decay of the generator weights' moving average (the exported weights)")
    Double ema;

    @Option(names = "--perceptual", descriptionKey = "/hyperparameters/perceptualWeight", paramLabel = "X",
            description = "weight of the perceptual loss on levels 1 and 2; without --classifier the default is 0")
    Double perceptual;

    @Option(names = "--instance-noise", descriptionKey = "/hyperparameters/instanceNoise", paramLabel = "X",
            description = "instance-noise std at step 0")
    Double instanceNoise;

    @Option(names = "--noise-decay", descriptionKey = "/hyperparameters/noiseDecay", paramLabel = "X",
            description = "instance-noise factor per 1000 steps")
    Double noiseDecay;

    @Option(names = "--r1", descriptionKey = "/hyperparameters/r1Gammas", split = ",", paramLabel = "X",
            description = "the R1 penalty weight of every level, e.g. 0.025,0.1,0.4")
    List<Double> r1Gammas;

    @Option(names = "--diversity", descriptionKey = "/hyperparameters/diversityWeights", split = ",", paramLabel = "X",
            description = "the weight of the generator's diversity term at every level, e.g. 0,0,4 at the coarsest"
                    + " level only (0: off)")
    List<Double> diversityWeights;

    @Option(names = "--diversity-cap", descriptionKey = "/hyperparameters/diversityCap", paramLabel = "X",
            description = "the cap of the diversity term's ratio of output distance (at 4x4) over noise distance")
    Double diversityCap;

    @Option(names = "--levels", descriptionKey = "/levels", split = ",", paramLabel = "L",
            description = "the levels steps are drawn from, uniformly over the list (default: every level): 3 trains"
                    + " the coarsest level alone, 1,2,3,3 draws it twice as often")
    List<Integer> levels;

    @Option(names = "--graph-optimizations", descriptionKey = "/graphOptimizations", arity = "1",
            paramLabel = "true|false", showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
            description = "let TensorFlow's Grappler optimise the step graphs")
    Boolean graphOptimizations;

    @Option(names = "--export", paramLabel = "DIR",
            description = "after the last step, export the EMA weights into DIR as a model folder")
    Path export;

    @Option(names = "--name", descriptionKey = "/modelName", paramLabel = "NAME",
            description = "the exported model's name")
    String modelName;

    @Option(names = "--version", paramLabel = "V", description = "the exported model's version (default: step-N)")
    String version;

    @Option(names = "--eval-per-class", paramLabel = "N", defaultValue = ExportWithEvaluation.DEFAULT_PER_CLASS,
            description = "images per class generated to evaluate the export (Fashion-MNIST with --classifier;"
                    + " 0 skips the evaluation): FD against the test split, floor and baselines, conditional accuracy")
    int evalPerClass;

    public static void main(String[] args) {
        int code = new CommandLine(new TrainCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * The run these options describe: the request body of the options given (by their JSON pointers), defaulted
     * and checked as the service does.
     *
     * @throws ParameterException naming the option at fault
     */
    RunRequest request() {
        ObjectNode body = Json.mapper().createObjectNode();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (OptionSpec option : spec.options()) {
            if (pointerOf(option) != null && parsed.hasMatchedOption(option)) {
                put(body, pointerOf(option), Json.mapper().valueToTree(option.getValue()));
            }
        }
        if (!body.has("dataset")) {
            body.put("dataset", RunRequest.DEFAULTS.dataset()); // the service requires it, the command defaults it
        }
        if (RunRequest.FOLDER.equals(body.get("dataset").asText())) {
            body.put("path", data.toString());
        }
        body.put("exportOnFinish", export != null);
        RunRequest request;
        try {
            request = Json.mapper().treeToValue(body, RunRequest.class);
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "the options do not form a run: " + e.getOriginalMessage(),
                    e);
        }
        request = request.withDefaults(RUN_ID, classifier != null);
        List<String> problems = new ArrayList<>();
        for (FieldViolation v : request.violations(classifier != null)) {
            problems.add(optionOf(v.field()) + " " + v.message());
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        return request;
    }

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (initFrom != null && resume) {
            throw new ParameterException(spec.commandLine(), "--init-from cannot be combined with --resume: a resume"
                    + " always continues its checkpoint (and the weights it started from); drop --init-from to resume,"
                    + " or drop --resume and give an empty --out to start a new run from " + initFrom);
        }
        RunRequest request = request();
        boolean fashion = request.dataset().equals(RunRequest.FASHION_MNIST);
        ImageDataset train = fashion ? FashionMnist.load(data, FashionMnist.Split.TRAIN)
                : ImageFolder.load(data, request.imageSize(), request.channels());
        TrainingRunConfig config = request.toRunConfig(train);
        System.out.printf(Locale.ROOT, "training on %d images (%dx%dx%d, %d classes) into %s: %s%n", train.size(),
                train.imageSize(), train.imageSize(), train.channels(), train.numClasses(), out,
                RunConfigJson.toJson(config));

        WarmStart warmStart = initFrom == null ? null : warmStart(config, train.imageSize());
        CountDownLatch finished = new CountDownLatch(1);
        try (TrainingLoop loop = TrainingLoop.open(config, train, out, classifier, new ConsoleListener(), resume,
                warmStart)) {
            System.out.printf(Locale.ROOT, "starting at step %d of %d%s%n", loop.step(), config.steps(),
                    loop.initFrom().map(origin -> ", generator initialised from " + origin).orElse(""));
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
                } else if (export != null) {
                    export(loop, request.modelName(), fashion ? data : null, train);
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
        return 0;
    }

    /**
     * The exported model of {@code --init-from}, verified and checked against the run's configuration.
     *
     * @throws ParameterException naming {@code --init-from} and the file or field at fault
     */
    private WarmStart warmStart(TrainingRunConfig config, int imageSize) {
        try {
            return WarmStart.read(initFrom, config, imageSize);
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--init-from " + initFrom + ": " + e.getMessage(), e);
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

    private void export(TrainingLoop loop, String name, Path fashionDir, ImageDataset train) throws Exception {
        String exportedVersion = version != null ? version : "step-" + loop.step();
        ExportWithEvaluation.Outcome outcome = ExportWithEvaluation.export(loop, export, name, exportedVersion, train,
                fashionDir, classifier, independent, evalPerClass);
        outcome.evaluation().ifPresent(result -> {
            System.out.println(result.summary());
            System.out.printf(Locale.ROOT, "evaluation took %.1f s%n", outcome.evaluationSeconds());
        });
        System.out.println("exported " + name + "/" + exportedVersion + " to " + export.toAbsolutePath());
    }

    /** The option that sets the request field {@code field} (a JSON pointer, e.g. {@code /levels/0}). */
    private String optionOf(String field) {
        for (OptionSpec option : spec.options()) {
            String pointer = pointerOf(option);
            if (pointer != null && (field.equals(pointer) || field.startsWith(pointer + "/"))) {
                return option.longestName() + " (" + field + ")";
            }
        }
        return field.equals("/path") ? "--data (" + field + ")" : field;
    }

    /** The request field an option sets: its {@code descriptionKey} when that is a JSON pointer. */
    private static String pointerOf(ArgSpec arg) {
        if (arg instanceof OptionSpec option && option.descriptionKey() != null
                && option.descriptionKey().startsWith("/")) {
            return option.descriptionKey();
        }
        return null;
    }

    private static void put(ObjectNode body, String pointer, JsonNode value) {
        String[] names = pointer.substring(1).split("/");
        ObjectNode node = body;
        for (int i = 0; i < names.length - 1; i++) {
            node = node.has(names[i]) ? (ObjectNode) node.get(names[i]) : node.putObject(names[i]);
        }
        node.set(names[names.length - 1], value);
    }

    /**
     * The defaults {@code --help} shows (and picocli assigns to absent options, which {@link #request()} ignores):
     * the field of {@link RunRequest#DEFAULTS} an option's JSON pointer names.
     */
    public static final class RequestDefaults implements IDefaultValueProvider {

        private static final JsonNode DEFAULTS = Json.mapper().valueToTree(RunRequest.DEFAULTS);

        @Override
        public String defaultValue(ArgSpec arg) {
            String pointer = pointerOf(arg);
            JsonNode value = pointer == null ? null : DEFAULTS.at(pointer);
            if (value == null || value.isMissingNode() || value.isNull() || value.isEmpty() && value.isArray()) {
                return null;
            }
            if (value.isArray()) {
                return String.join(",", StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText)
                        .toList());
            }
            return value.asText();
        }
    }
}
