package dev.udpm.trainer.runs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.udpm.trainer.data.DatasetException;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.data.FolderRoots;
import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.data.ImageFolder;
import dev.udpm.trainer.training.FieldViolation;
import dev.udpm.trainer.training.RunRequest;
import dev.udpm.trainer.training.TrainingRunConfig;
import org.jboss.logging.Logger;

/**
 * The trainer's runs, plain Java (the Quarkus service wraps one instance): starts at most ONE run at a time on its
 * own thread ({@link ActiveRun}), answers statuses (the active run from memory, others from the object store), stops
 * and resumes runs, picks up an unfinished run at start-up ({@link #resumeUnfinished}) and, on {@link #close},
 * stops the active run after its current step and waits for its checkpoint.
 */
public final class RunService implements AutoCloseable {

    /**
     * Local settings.
     *
     * @param workspace folder of the local run folders ({@code {workspace}/{runId}/})
     * @param fashionMnistDir the Fashion-MNIST IDX folder
     * @param classifierDir the evaluation classifier (perceptual loss, evaluation at export), if any
     * @param evalPerClass images per class generated to evaluate a Fashion-MNIST run's model at export (with a
     *     classifier; 0 disables it; see ExportWithEvaluation)
     * @param uploadSamples upload the sample grid and loss curve
     * @param stopTimeout how long {@link #close} waits for the active run's checkpoint
     * @param folderRoots the folders {@code dataset: folder} runs may read (none: folder datasets are refused)
     */
    public record Settings(Path workspace, Path fashionMnistDir, Optional<Path> classifierDir, int evalPerClass,
            boolean uploadSamples, Duration stopTimeout, List<Path> folderRoots) {

        public Settings {
            if (evalPerClass < 0) {
                throw new IllegalArgumentException("udpm.trainer.eval-per-class = " + evalPerClass
                        + " must be >= 0 (0 disables the evaluation at export)");
            }
            folderRoots = List.copyOf(folderRoots);
        }

        /** Settings without folder roots (Fashion-MNIST runs only). */
        public Settings(Path workspace, Path fashionMnistDir, Optional<Path> classifierDir, int evalPerClass,
                boolean uploadSamples, Duration stopTimeout) {
            this(workspace, fashionMnistDir, classifierDir, evalPerClass, uploadSamples, stopTimeout, List.of());
        }
    }

    private static final Logger LOG = Logger.getLogger(RunService.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final RunStore store;
    private final ModelPublisher publisher;
    private final RunMetrics metrics;
    private final Settings settings;
    private ActiveRun active; // guarded by this
    private boolean closed; // guarded by this

    public RunService(RunStore store, ModelPublisher publisher, RunMetrics metrics, Settings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Validates, records ({@code run.json}, {@code state.json}) and starts a new run.
     *
     * @throws InvalidRunRequestException naming the first bad field
     * @throws RunConflictException if a run is active here or the run id is taken
     */
    public synchronized RunStatus start(RunRequest body) {
        requireIdle();
        boolean classifier = settings.classifierDir().isPresent();
        RunRequest request = body.withDefaults(newRunId(), classifier);
        List<FieldViolation> violations = request.violations(classifier);
        if (!violations.isEmpty()) {
            throw new InvalidRunRequestException(violations);
        }
        if (store.status(request.runId()).isPresent()) {
            throw new RunConflictException("run id '" + request.runId() + "' is taken (runs/" + request.runId()
                    + "/ exists): choose another or omit runId");
        }
        ImageDataset data = load(request);
        TrainingRunConfig config = configOf(request, data);
        store.putRequest(request);
        RunStatus status = RunStatus.started(request, Instant.now());
        store.putStatus(status);
        launch(request, data, config, status, false);
        LOG.infof("Run %s started: %s on %s (%d images), %d steps of batch %d", request.runId(), request.network(),
                request.dataset(), data.size(), request.steps(), request.batch());
        return status;
    }

    /**
     * Continues a stored run that is not COMPLETED (STOPPED, FAILED, or RUNNING/STOPPING left behind by a trainer that
     * died) from its newest complete checkpoint in the object store, in a fresh local folder.
     *
     * @throws UnknownRunException if the store has no such run
     * @throws RunConflictException if a run is active here or the run has completed
     */
    public synchronized RunStatus resume(String runId) {
        requireIdle();
        RunStatus stored = store.status(runId).orElseThrow(() -> new UnknownRunException(runId));
        if (stored.state() == RunState.COMPLETED) {
            throw new RunConflictException("run " + runId + " has completed (exported " + stored.exportedVersion()
                    + "); start a new run to train further");
        }
        // A run.json written before a field existed takes that field's default (the others are stored defaulted).
        RunRequest request = store.request(runId).orElseThrow(() -> new RunConflictException("run " + runId
                + " has no runs/" + runId + "/run.json: it cannot be resumed"))
                .withDefaults(runId, settings.classifierDir().isPresent());
        ImageDataset data = load(request);
        TrainingRunConfig config = configOf(request, data);
        RunStatus resuming = stored.withState(RunState.RUNNING, null);
        store.putStatus(resuming);
        launch(request, data, config, resuming, true);
        return resuming;
    }

    /**
     * At start-up: marks stored STOPPING runs STOPPED (their user asked them to stop) and resumes the most recently
     * updated RUNNING one. Other RUNNING runs wait for a {@link #resume} call (one run at a time).
     *
     * @return the resumed run's status, if one was resumed
     */
    public synchronized Optional<RunStatus> resumeUnfinished() {
        List<RunStatus> running = new ArrayList<>();
        for (RunStatus s : store.statuses()) {
            if (s.state() == RunState.STOPPING) {
                store.putStatus(s.withState(RunState.STOPPED, "stopped while its trainer went down"));
            } else if (s.state() == RunState.RUNNING) {
                running.add(s);
            }
        }
        running.sort(Comparator.comparing(RunStatus::updatedAt).reversed());
        for (RunStatus candidate : running) {
            try {
                return Optional.of(resume(candidate.runId()));
            } catch (RuntimeException e) {
                LOG.errorf("Run %s cannot be resumed: %s", candidate.runId(), e.getMessage());
                store.putStatus(candidate.withState(RunState.FAILED, "cannot be resumed: " + e.getMessage()));
            }
        }
        if (running.size() > 1) {
            LOG.warnf("%d more unfinished runs wait for POST /v1/runs/{runId}/resume", running.size() - 1);
        }
        return Optional.empty();
    }

    /** The run's status: the active run's from memory, others from the store. */
    public RunStatus status(String runId) {
        ActiveRun current = current();
        if (current != null && current.runId().equals(runId)) {
            return current.status();
        }
        return store.status(runId).orElseThrow(() -> new UnknownRunException(runId));
    }

    /** Every run, newest first. */
    public List<RunStatus> list() {
        ActiveRun current = current();
        List<RunStatus> all = new ArrayList<>();
        for (RunStatus s : store.statuses()) {
            all.add(current != null && current.runId().equals(s.runId()) ? current.status() : s);
        }
        all.sort(Comparator.comparing(RunStatus::startedAt).reversed());
        return all;
    }

    /**
     * Stops a run: the active one finishes its step, checkpoints and ends STOPPED (STOPPING until then); a stored
     * RUNNING run that no trainer is training becomes STOPPED at once.
     *
     * @throws UnknownRunException if there is no such run
     * @throws RunConflictException if the run has already ended
     */
    public synchronized RunStatus stop(String runId) {
        if (active != null && !active.finished() && active.runId().equals(runId)) {
            RunStatus now = active.status();
            if (now.state().ended()) {
                throw new RunConflictException("run " + runId + " has already ended as " + now.state()
                        + "; there is nothing to stop");
            }
            active.requestStop(ActiveRun.StopKind.USER);
            return active.status();
        }
        RunStatus stored = store.status(runId).orElseThrow(() -> new UnknownRunException(runId));
        if (stored.state().ended()) {
            throw new RunConflictException("run " + runId + " has already ended as " + stored.state()
                    + "; there is nothing to stop");
        }
        RunStatus stopped = stored.withState(RunState.STOPPED, "stopped while no trainer was training it");
        store.putStatus(stopped);
        return stopped;
    }

    /** Waits until no run trains on this instance; true if so within {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        ActiveRun current = current();
        return current == null || current.await(timeout);
    }

    /**
     * Stops the active run as if this process had been killed: no final checkpoint, state or export reaches the
     * object store (the loop's native resources are still closed). For tests of the resume path.
     */
    public void abandonForTest(Duration timeout) throws InterruptedException {
        ActiveRun current = current();
        if (current != null) {
            current.abandon();
            current.await(timeout);
        }
    }

    /** Refuses new runs, asks the active run to stop after its step and waits for its checkpoint. */
    @Override
    public void close() {
        ActiveRun current;
        synchronized (this) {
            closed = true;
            current = active;
        }
        if (current == null || current.finished()) {
            return;
        }
        LOG.infof("Stopping run %s for the shutdown (it checkpoints and resumes on the next start)",
                current.runId());
        current.requestStop(ActiveRun.StopKind.SHUTDOWN);
        try {
            if (!current.await(settings.stopTimeout())) {
                LOG.warnf("Run %s did not stop within %s; the next start resumes from its newest uploaded"
                        + " checkpoint", current.runId(), settings.stopTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized ActiveRun current() {
        return active;
    }

    private void requireIdle() {
        if (closed) {
            throw new RunConflictException("the trainer is shutting down");
        }
        if (active != null && !active.finished() && active.status().state().ended()) {
            awaitEnd(active); // ended, only closing its TensorFlow session: not busy
        }
        if (active != null && !active.finished()) {
            throw new RunConflictException("run " + active.runId() + " is " + active.status().state()
                    + " on this trainer, which trains one run at a time: stop it (POST /v1/runs/" + active.runId()
                    + "/stop) or wait for it to end");
        }
    }

    private static void awaitEnd(ActiveRun run) {
        try {
            run.await(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void launch(RunRequest request, ImageDataset data, TrainingRunConfig config, RunStatus status,
            boolean resume) {
        Path fashionMnistDir = request.dataset().equals(RunRequest.FASHION_MNIST) ? settings.fashionMnistDir() : null;
        active = new ActiveRun(request, data, config, status, resume, store, publisher, metrics,
                settings.workspace().resolve(request.runId()), settings.classifierDir().orElse(null),
                new ActiveRun.Evaluation(fashionMnistDir, settings.evalPerClass()), settings.uploadSamples());
        Thread thread = new Thread(active, "udpm-train-" + request.runId());
        thread.setDaemon(true); // close() waits for it; a stuck native call must not keep the JVM alive
        thread.start();
    }

    /**
     * The run's images. A folder must lie under {@link Settings#folderRoots}; no answer names a server path (folder
     * errors name files relative to the folder, a Fashion-MNIST failure is logged and answered in general terms).
     */
    private ImageDataset load(RunRequest request) {
        if (request.dataset().equals(RunRequest.FOLDER)) {
            FolderRoots roots = new FolderRoots(settings.folderRoots());
            if (!roots.any()) {
                throw new InvalidRunRequestException(new FieldViolation("/path", "folder-roots", "folder datasets"
                        + " are disabled on this trainer: it has no udpm.trainer.folder-roots"));
            }
            Path folder = roots.resolve(request.path()).orElseThrow(() -> new InvalidRunRequestException(
                    new FieldViolation("/path", "folder-roots", "must name an image folder under the trainer's"
                            + " folder roots (udpm.trainer.folder-roots), as a path relative to a root")));
            try {
                return ImageFolder.load(folder, request.imageSize(), request.channels());
            } catch (DatasetException e) {
                throw new InvalidRunRequestException(new FieldViolation("/path", "dataset", "cannot be loaded: "
                        + e.getMessage()));
            }
        }
        try {
            return FashionMnist.load(settings.fashionMnistDir(), FashionMnist.Split.TRAIN);
        } catch (DatasetException e) {
            LOG.errorf("Fashion-MNIST cannot be loaded (udpm.trainer.fashion-mnist-dir): %s", e.getMessage());
            throw new InvalidRunRequestException(new FieldViolation("/dataset", "dataset", "fashion-mnist is not"
                    + " available on this trainer (its operator must install it; the trainer log says why)"));
        }
    }

    private static TrainingRunConfig configOf(RunRequest request, ImageDataset data) {
        try {
            return request.toRunConfig(data);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunRequestException(new FieldViolation("", "config", e.getMessage()));
        }
    }

    private static String newRunId() {
        return "run-" + ID_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
