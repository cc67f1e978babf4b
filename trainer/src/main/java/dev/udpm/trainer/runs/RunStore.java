package dev.udpm.trainer.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectDigest;
import dev.udpm.storage.ObjectInfo;
import dev.udpm.storage.ObjectStore;
import dev.udpm.trainer.training.Checkpoints;
import dev.udpm.trainer.training.RunRequest;

/**
 * The object-store layout of training runs:
 * <pre>
 *   runs/{runId}/run.json                                   the defaulted RunRequest
 *   runs/{runId}/state.json                                 the latest RunStatus
 *   runs/{runId}/checkpoints/step-NNNNNNNNN/{model.index, model.data-*, state.json}
 *   runs/{runId}/checkpoints/step-NNNNNNNNN/_COMPLETE.json  CheckpointMarker, written LAST
 *   runs/{runId}/samples/step-NNNNNNNNN.png, runs/{runId}/samples/loss-curve.png
 * </pre>
 * Only checkpoints with a marker count ({@link #completeCheckpoints}); {@link #pruneCheckpoints} deletes a
 * checkpoint's marker first, so a half-deleted checkpoint is never mistaken for a complete one.
 */
public final class RunStore {

    /** The completion marker of an uploaded checkpoint. */
    public static final String MARKER = "_COMPLETE.json";
    private static final String RUNS = "runs/";
    private static final Pattern CHECKPOINT_MARKER = Pattern.compile("runs/[^/]+/checkpoints/step-(\\d{9,})/"
            + Pattern.quote(MARKER));
    private static final Pattern STATE_KEY = Pattern.compile("runs/([^/]+)/state\\.json");

    private final ObjectStore store;

    public RunStore(ObjectStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public String bucket() {
        return store.bucket();
    }

    public static String runPrefix(String runId) {
        return RUNS + runId + "/";
    }

    public static String checkpointPrefix(String runId, long step) {
        return runPrefix(runId) + Checkpoints.DIRECTORY + "/" + Checkpoints.name(step) + "/";
    }

    // ---- request and state --------------------------------------------------------------------------------

    public void putRequest(RunRequest request) {
        store.putText(runPrefix(request.runId()) + "run.json", Json.write(request), ObjectKeys.JSON);
    }

    public Optional<RunRequest> request(String runId) {
        return read(runPrefix(runId) + "run.json").map(json -> Json.read(json, RunRequest.class));
    }

    public void putStatus(RunStatus status) {
        store.putText(runPrefix(status.runId()) + "state.json", Json.write(status), ObjectKeys.JSON);
    }

    public Optional<RunStatus> status(String runId) {
        return read(runPrefix(runId) + "state.json").map(json -> Json.read(json, RunStatus.class));
    }

    /** Every run's stored status (one listing plus one read per run). */
    public List<RunStatus> statuses() {
        List<RunStatus> out = new ArrayList<>();
        for (ObjectInfo info : store.list(RUNS)) {
            Matcher m = STATE_KEY.matcher(info.key());
            if (m.matches()) {
                status(m.group(1)).ifPresent(out::add);
            }
        }
        return out;
    }

    // ---- checkpoints --------------------------------------------------------------------------------------

    /**
     * Uploads every file of a local checkpoint folder, then its marker; prunes the stored checkpoints to the newest
     * {@code keep}.
     *
     * @return the checkpoint's key prefix
     */
    public String uploadCheckpoint(String runId, Path checkpoint, int keep) {
        long step = Checkpoints.stepOf(checkpoint);
        String prefix = checkpointPrefix(runId, step);
        List<CheckpointMarker.File> files = new ArrayList<>();
        for (Path file : filesOf(checkpoint)) {
            String relative = checkpoint.relativize(file).toString().replace('\\', '/');
            ObjectDigest stored = store.putFile(prefix + relative, file, "application/octet-stream");
            files.add(new CheckpointMarker.File(relative, stored.sha256(), stored.size()));
        }
        store.putText(prefix + MARKER, Json.write(new CheckpointMarker(step, files, Instant.now())), ObjectKeys.JSON);
        pruneCheckpoints(runId, keep);
        return prefix;
    }

    /** The steps of the complete (marked) checkpoints of a run, ascending. */
    public List<Long> completeCheckpoints(String runId) {
        TreeSet<Long> steps = new TreeSet<>();
        for (ObjectInfo info : store.list(runPrefix(runId) + Checkpoints.DIRECTORY + "/")) {
            Matcher m = CHECKPOINT_MARKER.matcher(info.key());
            if (m.matches()) {
                steps.add(Long.parseLong(m.group(1)));
            }
        }
        return List.copyOf(steps);
    }

    /** The newest complete checkpoint's step. */
    public OptionalLong latestCompleteCheckpoint(String runId) {
        List<Long> steps = completeCheckpoints(runId);
        return steps.isEmpty() ? OptionalLong.empty() : OptionalLong.of(steps.get(steps.size() - 1));
    }

    /** What {@link #downloadNewestVerified} found: the checkpoint restored, and the newer ones that failed. */
    public record Restored(OptionalLong step, List<String> skipped) {

        public Restored {
            skipped = List.copyOf(skipped);
        }

        /** The skipped checkpoints and why, in one line; null if none was skipped. */
        public String describeSkipped() {
            return skipped.isEmpty() ? null : String.join("; ", skipped);
        }
    }

    /**
     * Downloads the newest complete checkpoint whose files all match its marker into
     * {@code {runDirectory}/checkpoints/step-N/}: a newer one that fails (a file differs from the marker, the marker
     * is unreadable, or a listed file is gone) is skipped, its partial download removed, and named with the reason in
     * {@link Restored#skipped()}.
     *
     * @return the step restored, empty if the run has no complete checkpoint
     * @throws IllegalStateException if there are complete checkpoints but none verifies (naming each failure)
     */
    public Restored downloadNewestVerified(String runId, Path runDirectory) {
        List<Long> steps = new ArrayList<>(completeCheckpoints(runId));
        java.util.Collections.reverse(steps);
        List<String> skipped = new ArrayList<>();
        for (long step : steps) {
            try {
                downloadCheckpoint(runId, step, runDirectory);
                return new Restored(OptionalLong.of(step), skipped);
            } catch (IllegalStateException | UncheckedIOException | NoSuchObjectException e) {
                // a file differs from the marker, the marker is not JSON, or a listed file is gone (other storage
                // errors may be transient: they propagate rather than skip a good checkpoint)
                skipped.add(Checkpoints.name(step) + " failed verification: " + e.getMessage());
                try {
                    LocalFolders.deleteTree(runDirectory.resolve(Checkpoints.DIRECTORY).resolve(Checkpoints.name(step)));
                } catch (RuntimeException cleanup) {
                    throw new IllegalStateException("cannot remove the partial download of " + Checkpoints.name(step)
                            + ": " + cleanup.getMessage(), cleanup);
                }
            }
        }
        if (!skipped.isEmpty()) {
            throw new IllegalStateException("no stored checkpoint of run " + runId + " verifies: "
                    + String.join("; ", skipped));
        }
        return new Restored(OptionalLong.empty(), skipped);
    }

    /**
     * Downloads a complete checkpoint into {@code {runDirectory}/checkpoints/step-N/}, checking every file against the
     * marker's SHA-256 and size.
     *
     * @return the local checkpoint folder
     * @throws IllegalStateException if a file differs from the marker
     */
    public Path downloadCheckpoint(String runId, long step, Path runDirectory) {
        String prefix = checkpointPrefix(runId, step);
        CheckpointMarker marker = Json.read(new String(store.get(prefix + MARKER), StandardCharsets.UTF_8),
                CheckpointMarker.class);
        Path target = runDirectory.resolve(Checkpoints.DIRECTORY).resolve(Checkpoints.name(step));
        Path root = target.toAbsolutePath().normalize();
        for (CheckpointMarker.File file : marker.files()) {
            Path local = root.resolve(file.path()).normalize();
            if (!local.startsWith(root) || local.equals(root)) {
                throw new IllegalStateException(prefix + MARKER + " lists " + file.path() + " outside the checkpoint");
            }
            ObjectDigest received = store.download(prefix + file.path(), local);
            if (!received.sha256().equals(file.sha256()) || received.size() != file.size()) {
                throw new IllegalStateException(prefix + file.path() + ": downloaded SHA-256 " + received.sha256()
                        + " (" + received.size() + " bytes) but the marker lists " + file.sha256() + " ("
                        + file.size() + " bytes)");
            }
        }
        return target;
    }

    /** Keeps the newest {@code keep} complete checkpoints; deletes older ones marker first. */
    public void pruneCheckpoints(String runId, int keep) {
        List<Long> steps = completeCheckpoints(runId);
        for (int i = 0; i < steps.size() - keep; i++) {
            String prefix = checkpointPrefix(runId, steps.get(i));
            store.delete(prefix + MARKER);
            for (ObjectInfo info : store.list(prefix)) {
                store.delete(info.key());
            }
        }
    }

    // ---- previews -----------------------------------------------------------------------------------------

    /** Uploads {@code samples/step-N.png} and {@code samples/loss-curve.png}. */
    public void uploadSamples(String runId, Path sampleGrid, Path lossCurve) {
        String prefix = runPrefix(runId) + "samples/";
        store.putFile(prefix + sampleGrid.getFileName(), sampleGrid, ObjectKeys.PNG);
        store.putFile(prefix + lossCurve.getFileName(), lossCurve, ObjectKeys.PNG);
    }

    private Optional<String> read(String key) {
        try {
            return Optional.of(new String(store.get(key), StandardCharsets.UTF_8));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    private static List<Path> filesOf(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
