package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.train.TrainingConfig;
import dev.udpm.schemas.Json;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class TrainCommandTest {

    /** The options parsed as {@code main} parses them. */
    static TrainCommand parse(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    static TrainingRunConfig config(String... args) {
        return parse(args).request().toRunConfig(TrainingTestData.dataset(40, 1));
    }

    @Test
    void optionsBecomeTheRunConfiguration() {
        TrainCommand command = parse("--out", "/tmp/x", "--steps", "500", "--batch", "64", "--seed", "7", "--resume",
                "--lr-g", "2e-4", "--perceptual", "0", "--network", "tiny", "--checkpoint-every", "50",
                "--noise-decay", "0.6");
        assertTrue(command.resume);
        TrainingRunConfig c = command.request().toRunConfig(TrainingTestData.dataset(40, 1));
        assertEquals(500, c.steps());
        assertEquals(50, c.checkpointEvery());
        assertEquals(64, c.training().batchSize());
        assertEquals(7, c.training().seed());
        assertEquals(2e-4, c.training().generatorLearningRate());
        assertEquals(1e-4, c.training().discriminatorLearningRate());
        assertEquals(List.of(0.0, 0.0, 0.0), c.training().perceptualWeights());
        assertFalse(c.training().usesPerceptualLoss());
        assertEquals(UNetConfig.tiny(1, 10), c.network());
        assertEquals(0.4 * 0.6, c.training().instanceNoiseStd(1000), 1e-12);
        assertTrue(c.graphOptimizations());
        assertFalse(config("--out", "/tmp/x", "--graph-optimizations", "false").graphOptimizations());
    }

    @Test
    void theCommandFillsTheRequestTheServiceTakesWithTheSameDefaults() {
        RunRequest fromCommand = parse("--out", "/tmp/x", "--classifier", "/tmp/c").request();
        RunRequest fromRest = new RunRequest(null, RunRequest.FASHION_MNIST, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, false, null).withDefaults(TrainCommand.RUN_ID, true);
        assertEquals(fromRest, fromCommand);
        assertEquals(4.0, fromCommand.hyperparameters().perceptualWeight(), "with a classifier: the paper's weight");
        assertEquals(0.0, parse("--out", "/tmp/x").request().hyperparameters().perceptualWeight(),
                "without a classifier the perceptual loss is off, as in the service");
        assertTrue(parse("--out", "/tmp/x", "--export", "/tmp/m").request().exportOnFinish());
        RunRequest folder = parse("--out", "/tmp/x", "--dataset", "folder", "--data", "/tmp/images", "--image-size",
                "16", "--channels", "3").request();
        assertEquals("/tmp/images", folder.path());
        assertEquals(16, folder.imageSize());
        assertEquals(3, folder.channels());
    }

    @Test
    void everyFieldOfTheRequestHasAnOption() {
        Set<String> pointers = new HashSet<>();
        for (OptionSpec option : new CommandLine(new TrainCommand()).getCommandSpec().options()) {
            if (option.descriptionKey() != null && option.descriptionKey().startsWith("/")) {
                assertTrue(pointers.add(option.descriptionKey()), "two options set " + option.descriptionKey());
            }
        }
        Set<String> fields = new HashSet<>();
        for (RecordComponent c : RunRequest.class.getRecordComponents()) {
            fields.add("/" + c.getName());
        }
        fields.remove("/hyperparameters");
        for (RecordComponent c : RunRequest.Hyperparameters.class.getRecordComponents()) {
            fields.add("/hyperparameters/" + c.getName());
        }
        // set by the command itself: no run id (the run is --out), path from --data, exportOnFinish from --export
        fields.removeAll(Set.of("/runId", "/path", "/exportOnFinish"));
        assertEquals(fields, pointers);
    }

    @Test
    void helpPrintsEveryDefaultFromTheRequestDefaults() {
        CommandLine commandLine = new CommandLine(new TrainCommand());
        String help = commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF);
        JsonNode defaults = Json.mapper().valueToTree(RunRequest.DEFAULTS);
        int shown = 0;
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            String pointer = option.descriptionKey();
            if (pointer == null || !pointer.startsWith("/")) {
                continue;
            }
            JsonNode value = defaults.at(pointer);
            if (value.isArray() && value.isEmpty()) {
                continue; // --levels: "every level", said in its description
            }
            String expected = value.isArray() ? String.join(",", textsOf(value)) : value.asText();
            String block = helpOf(help, option.longestName());
            assertTrue(block.contains("Default: " + expected + "\n"), option.longestName() + " must show Default: "
                    + expected + ", got\n" + block);
            shown++;
        }
        assertEquals(23, shown, "every option that sets a request field, but --levels, shows its default");
        TrainingConfig paper = TrainingConfig.paperDefaults();
        assertTrue(help.contains("Default: " + paper.generatorLearningRate()), help);
        assertTrue(help.contains("Default: " + RunRequest.DEFAULTS.steps()), help);
        assertTrue(help.contains("Default: " + ExportWithEvaluation.DEFAULT_PER_CLASS), help);
    }

    @Test
    void levelsAndR1GammasReachTheConfigAndBadValuesNameTheirOption() {
        TrainingRunConfig all = config("--out", "/tmp/x");
        assertEquals(List.of(), all.levelDraw());
        assertEquals(List.of(1, 2, 3), Arrays.stream(all.levelsToDraw()).boxed().toList());
        assertEquals(List.of(1, 2, 3, 3), config("--out", "/tmp/x", "--levels", "1,2,3,3").levelDraw());
        assertEquals(List.of(0.025, 0.1, 0.04), config("--out", "/tmp/x", "--r1", "0.025,0.1,0.04").training()
                .r1Gammas());
        assertRefused("--levels", "--out", "/tmp/x", "--levels", "4");
        assertRefused("--r1", "--out", "/tmp/x", "--r1", "0.1,0.1");
        TrainingConfig diverse = config("--out", "/tmp/x", "--diversity", "0,0,1.5", "--diversity-cap", "0.3")
                .training();
        assertEquals(List.of(0.0, 0.0, 1.5), diverse.diversityWeights());
        assertEquals(0.3, diverse.diversityCap());
        assertEquals(List.of(0.0, 0.0, 0.0), all.training().diversityWeights(), "off unless asked for");
        assertRefused("--diversity", "--out", "/tmp/x", "--diversity", "0,0,-1");
        assertRefused("--diversity", "--out", "/tmp/x", "--diversity", "1");
        assertRefused("--diversity-cap", "--out", "/tmp/x", "--diversity-cap", "0");
        assertRefused("--perceptual", "--out", "/tmp/x", "--perceptual", "4");
        assertRefused("--steps", "--out", "/tmp/x", "--steps", "0");
        assertRefused("--network", "--out", "/tmp/x", "--network", "huge");
        assertRefused("--name", "--out", "/tmp/x", "--name", "../etc");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--out", "/tmp/x", "--levels", "3,x"));
        assertTrue(e.getMessage().contains("--levels"), e.getMessage());
    }

    @Test
    void unknownOptionsAndMissingOutAreRejectedByName() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--out", "/tmp/x", "--stepz", "5"));
        assertTrue(e.getMessage().contains("--stepz"), e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class, () -> parse("--steps", "5"));
        assertTrue(e.getMessage().contains("--out"), e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class, () -> parse("--out", "/tmp/x", "--steps", "many"));
        assertTrue(e.getMessage().contains("--steps"), e.getMessage());
    }

    /**
     * {@code trainer/long-run} resumes the long run with its flags: parsed by this command they give the configuration
     * of the run's checkpoints (a fixture copied from one of the first long run, which had no diversity term; the
     * current run differs from it only by {@code --diversity 0,2,4} and {@code --perceptual 2}), so the resume passes
     * the loop's check.
     */
    @Test
    void theLongRunScriptsFlagsResumeItsCheckpoints() throws IOException {
        TrainCommand command = parse(longRunArgs("--resume"));
        assertTrue(command.resume);
        assertNotNull(command.export);
        assertEquals("v5", command.version);
        TrainingRunConfig flags = command.request().toRunConfig(TrainingTestData.dataset(40, 1));
        TrainingRunConfig saved = TrainingState.fromJson(TrainingStateFormatTest.fixture()
                .replace("\"perceptualWeights\":[4.0,4.0,0.0]", "\"perceptualWeights\":[2.0,2.0,0.0]")
                .replace("\"r1Gammas\"", "\"diversityWeights\":[0.0,2.0,4.0],\"diversityCap\":0.13,\"r1Gammas\""))
                .config();
        flags.requireResumableFrom(saved);
        assertEquals(saved, flags, "the same run, intervals included");
    }

    /**
     * Without a checkpoint {@code trainer/long-run} starts a new run from the packaged model, whose manifest the
     * script's flags match (network, image size, schedule) and whose files pass the manifest's SHA-256s.
     */
    @Test
    void theLongRunStartsFromThePackagedModelItsFlagsMatch() throws IOException {
        String script = Files.readString(Path.of("long-run"));
        Matcher start = Pattern.compile("(?m)^start=\"(--init-from \\S+)\"$").matcher(script);
        assertTrue(start.find(), "trainer/long-run must start a new run with --init-from");
        assertEquals("--init-from models/fashion-mnist", start.group(1));
        TrainCommand command = parse(longRunArgs(start.group(1).split(" ")));
        assertFalse(command.resume);
        Path packaged = Path.of("..").resolve(command.initFrom); // the script runs from the repository root
        TrainingRunConfig flags = command.request().toRunConfig(TrainingTestData.dataset(40, 1));
        WarmStart warm = WarmStart.read(packaged, flags, TrainingTestData.SIZE);
        assertEquals("fashion-mnist", warm.origin().name());
        assertEquals("v4", warm.origin().version());
    }

    /** The arguments {@code trainer/long-run} passes to this command, with {@code $start} as {@code start}. */
    private static String[] longRunArgs(String... start) throws IOException {
        String script = Files.readString(Path.of("long-run"));
        Matcher m = Pattern.compile("dev\\.udpm\\.trainer\\.training\\.TrainCommand \\\\\\n(.*?)>>", Pattern.DOTALL)
                .matcher(script);
        assertTrue(m.find(), "trainer/long-run must run dev.udpm.trainer.training.TrainCommand");
        List<String> args = new ArrayList<>();
        for (String token : m.group(1).replace("\\\n", " ").trim().split("\\s+")) {
            if (token.equals("$start")) {
                args.addAll(List.of(start));
            } else {
                args.add(token.replaceAll("\"?\\$\\w+\"?", "/tmp/long"));
            }
        }
        return args.toArray(String[]::new);
    }

    private static void assertRefused(String option, String... args) {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse(args).request());
        assertTrue(e.getMessage().startsWith(option + " "), e.getMessage());
    }

    /** The lines of {@code help} that describe option {@code name}, up to the next option. */
    private static String helpOf(String help, String name) {
        StringBuilder block = new StringBuilder();
        boolean in = false;
        for (String line : help.split("\n")) {
            boolean optionLine = line.matches("\\s{2,}(-\\w, )?--[a-z0-9-]+.*");
            if (optionLine) {
                in = line.trim().startsWith(name + "=") || line.trim().equals(name);
            }
            if (in) {
                block.append(line).append('\n');
            }
        }
        assertFalse(block.isEmpty(), "no help for " + name + " in\n" + help);
        return block.toString();
    }

    private static List<String> textsOf(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
