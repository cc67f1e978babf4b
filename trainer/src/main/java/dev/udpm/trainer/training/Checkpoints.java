package dev.udpm.trainer.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoint folders of a run, under {@code <run>/checkpoints/}:
 * <pre>
 *   step-000001200/model.index, model.data-00000-of-00001     every variable (Session.save with prefix "model")
 *   step-000001200/state.json                                 TrainingState: step, config, loss history
 * </pre>
 * A checkpoint is written into {@code .tmp-step-...} and renamed to {@code step-...} in one atomic move once complete,
 * so a process killed while writing leaves at most a temporary folder (removed on the next start) and the previous
 * checkpoints intact. Only the newest {@code keep} checkpoints are kept; older ones are deleted after a new one is in
 * place.
 */
public final class Checkpoints {

    /** Name of the checkpoints folder inside the run folder. */
    public static final String DIRECTORY = "checkpoints";
    /** TensorFlow checkpoint prefix inside a checkpoint folder. */
    public static final String MODEL_PREFIX = "model";
    /** Name of the state file inside a checkpoint folder. */
    public static final String STATE_FILE = "state.json";

    private static final Pattern NAME = Pattern.compile("step-(\\d{9,})");
    private static final String TEMPORARY = ".tmp-";

    private final Path directory;
    private final int keep;

    /** @param runDirectory the run's folder (created if missing) */
    public Checkpoints(Path runDirectory, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep = " + keep + " checkpoints must be >= 1");
        }
        this.directory = runDirectory.resolve(DIRECTORY);
        this.keep = keep;
    }

    /** {@code <run>/checkpoints}. */
    public Path directory() {
        return directory;
    }

    /** The folder name of step {@code step}'s checkpoint: {@code step-%09d}. */
    public static String name(long step) {
        return String.format("step-%09d", step);
    }

    /** The complete checkpoints (folders with a state file), oldest first. */
    public List<Path> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(STATE_FILE)))
                    .sorted(Comparator.comparingLong(Checkpoints::stepOf)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + directory, e);
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latest() {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The step a checkpoint folder belongs to. */
    public static long stepOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + " is not a checkpoint folder (step-NNNNNNNNN)");
        }
        return Long.parseLong(m.group(1));
    }

    /** The state file of a checkpoint. */
    public static TrainingState readState(Path checkpoint) {
        try {
            return TrainingState.fromJson(Files.readString(checkpoint.resolve(STATE_FILE), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + checkpoint.resolve(STATE_FILE), e);
        }
    }

    /** The TensorFlow prefix of a checkpoint ({@code <checkpoint>/model}), for {@code Session.restore}. */
    public static String modelPrefix(Path checkpoint) {
        return checkpoint.resolve(MODEL_PREFIX).toAbsolutePath().toString();
    }

    /**
     * Writes the checkpoint of {@code state.step()} atomically and prunes old ones. If that step's checkpoint exists
     * already (a run stopped right after resuming) it is kept as it is.
     *
     * @param saveModel writes the variables given a TensorFlow prefix (e.g. {@code session::save})
     * @return the checkpoint folder
     */
    public Path write(TrainingState state, Consumer<String> saveModel) {
        Path target = directory.resolve(name(state.step()));
        try {
            Files.createDirectories(directory);
            removeTemporaries();
            if (Files.isRegularFile(target.resolve(STATE_FILE))) {
                return target;
            }
            Path temporary = directory.resolve(TEMPORARY + name(state.step()));
            Files.createDirectories(temporary);
            saveModel.accept(temporary.resolve(MODEL_PREFIX).toAbsolutePath().toString());
            Files.writeString(temporary.resolve(STATE_FILE), state.toJson(), StandardCharsets.UTF_8);
            if (Files.exists(target)) {
                deleteTree(target); // an incomplete folder of that name (no state file): replace it
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            prune();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of step " + state.step() + " to " + target, e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = new ArrayList<>(list());
        for (int i = 0; i < all.size() - keep; i++) {
            deleteTree(all.get(i));
        }
    }

    /** Deletes leftovers of checkpoints whose writing was interrupted. */
    public void removeTemporaries() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> children = Files.list(directory)) {
            for (Path p : children.filter(p -> p.getFileName().toString().startsWith(TEMPORARY)).toList()) {
                deleteTree(p);
            }
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
