package dev.udpm.trainer.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.udpm.trainer.data.ImageDataset;
import dev.udpm.trainer.training.ExportWithEvaluation;
import dev.udpm.trainer.training.RunRequest;
import dev.udpm.trainer.training.TrainingListener;
import dev.udpm.trainer.training.TrainingLoop;
import dev.udpm.trainer.training.TrainingProgress;
import dev.udpm.trainer.training.TrainingRunConfig;
import org.jboss.logging.Logger;

/**
 * One run training on its own thread: prepares a fresh local run folder (with the newest complete checkpoint from the
 * object store when resuming), owns the {@link TrainingLoop} (closed when the thread ends), uploads checkpoints and
 * previews as the loop writes them (on the training thread, so a checkpoint counts only once it is in the store), and
 * at the last step exports and announces the model. Its {@link RunStatus} is kept in memory and written to
 * {@code runs/{runId}/state.json} on every change of state and every checkpoint.
 */
final class ActiveRun implements Runnable {

    /** Why a run was asked to stop. */
    enum StopKind {
        /** A stop call: the run ends STOPPED. */
        USER,
        /** The trainer shuts down: the run stays RUNNING in the store, to be resumed by the next start. */
        SHUTDOWN
    }

    /**
     * How the model is evaluated at export ({@link ExportWithEvaluation}).
     *
     * @param fashionMnistDir the Fashion-MNIST folder when the run trains on it (its test split is the reference),
     *     else {@code null}: only Fashion-MNIST runs are evaluated
     * @param perClass generated images per class; 0 disables the evaluation
     */
    record Evaluation(Path fashionMnistDir, int perClass) {
    }

    private static final Logger LOG = Logger.getLogger(ActiveRun.class);

    private final RunRequest request;
    private final ImageDataset data;
    private final TrainingRunConfig config;
    private final boolean resume;
    private final RunStore store;
    private final ModelPublisher publisher;
    private final RunMetrics metrics;
    private final Path runDirectory;
    private final Path classifierDir;
    private final Evaluation evaluation;
    private final boolean uploadSamples;
    private final CountDownLatch done = new CountDownLatch(1);
    private RunStatus status; // guarded by this
    private volatile TrainingLoop loop;
    private volatile StopKind stop;
    private volatile boolean abandoned;

    ActiveRun(RunRequest request, ImageDataset data, TrainingRunConfig config, RunStatus initial, boolean resume,
            RunStore store, ModelPublisher publisher, RunMetrics metrics, Path runDirectory, Path classifierDir,
            Evaluation evaluation, boolean uploadSamples) {
        this.request = request;
        this.data = data;
        this.config = config;
        this.status = initial;
        this.resume = resume;
        this.store = store;
        this.publisher = publisher;
        this.metrics = metrics;
        this.runDirectory = runDirectory;
        this.classifierDir = classifierDir;
        this.evaluation = evaluation;
        this.uploadSamples = uploadSamples;
    }

    String runId() {
        return request.runId();
    }

    synchronized RunStatus status() {
        return status;
    }

    boolean finished() {
        return done.getCount() == 0;
    }

    boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks the loop to stop after its current step and checkpoint; a USER stop marks the run STOPPING. */
    void requestStop(StopKind kind) {
        if (finished()) {
            return;
        }
        if (kind == StopKind.USER) {
            update(s -> s.state() == RunState.RUNNING ? s.withState(RunState.STOPPING, "stop requested") : s);
        }
        if (stop == null || kind == StopKind.USER) {
            stop = kind;
        }
        TrainingLoop current = loop;
        if (current != null) {
            current.requestStop();
        }
    }

    /**
     * Stops training and writes NOTHING more to the object store: from the store's point of view this instance died
     * here (a {@code kill -9}); used to prove that another instance resumes from the uploaded checkpoints.
     */
    void abandon() {
        abandoned = true;
        stop = StopKind.SHUTDOWN;
        TrainingLoop current = loop;
        if (current != null) {
            current.requestStop();
        }
    }

    @Override
    public void run() {
        try {
            RunStore.Restored restored = prepareWorkspace();
            OptionalLong downloaded = restored.step();
            try (TrainingLoop opened = TrainingLoop.open(config, data, runDirectory, classifierDir, new Listener(),
                    true)) {
                loop = opened;
                long from = opened.step(); // the step the loop restored, not merely the one downloaded
                if (resume) {
                    String skipped = restored.describeSkipped() == null ? null : "resumed from step " + from
                            + ", not from a newer checkpoint: " + restored.describeSkipped();
                    update(s -> s.resumedAt(from, skipped));
                    LOG.infof("Run %s resumes at step %d of %d (%s)%s", runId(), from, config.steps(),
                            downloaded.isPresent() ? "from " + RunStore.checkpointPrefix(runId(), from)
                                    : "no complete checkpoint in the object store: from scratch",
                            skipped == null ? "" : "; " + skipped);
                }
                metrics.started(from, config.steps());
                if (stop != null) {
                    opened.requestStop();
                }
                opened.run();
                finish(opened);
            }
            if (status().state() == RunState.COMPLETED) {
                deleteLocalFolder(); // everything that matters is in the object store now
            }
        } catch (Throwable e) {
            LOG.errorf(e, "Run %s failed", runId());
            if (!abandoned) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                update(s -> s.withState(RunState.FAILED, reason));
            }
        } finally {
            loop = null;
            metrics.ended();
            done.countDown();
        }
    }

    private void deleteLocalFolder() {
        try {
            LocalFolders.deleteTree(runDirectory);
        } catch (RuntimeException e) {
            LOG.warnf("Run %s completed but its local folder %s could not be deleted: %s", runId(), runDirectory,
                    e.getMessage());
        }
    }

    /**
     * A fresh local run folder; when resuming, the newest stored checkpoint that verifies inside it (newer ones that
     * fail verification are skipped, logged and named in the status once the loop has restored).
     */
    private RunStore.Restored prepareWorkspace() throws IOException {
        LocalFolders.deleteTree(runDirectory);
        Files.createDirectories(runDirectory);
        if (!resume) {
            return new RunStore.Restored(OptionalLong.empty(), List.of());
        }
        RunStore.Restored restored = store.downloadNewestVerified(runId(), runDirectory);
        for (String skipped : restored.skipped()) {
            LOG.warnf("Run %s: checkpoint %s; falling back to an older one", runId(), skipped);
        }
        return restored;
    }

    private void finish(TrainingLoop opened) throws IOException {
        if (abandoned) {
            LOG.warnf("Run %s abandoned at step %d (nothing more written to the object store)", runId(),
                    opened.step());
            return;
        }
        long step = opened.step();
        if (step >= config.steps()) {
            if (request.exportOnFinish()) {
                String version = request.versionAt(step);
                publisher.publish(target -> export(opened, target, version), request.modelName(), version,
                        runDirectory.resolve("export").resolve(version), "UDPM trained by run " + runId() + " on "
                                + request.dataset() + ", " + step + " steps of batch " + request.batch());
                update(s -> s.exported(version));
            } else {
                update(s -> s.withState(RunState.COMPLETED, null));
            }
            LOG.infof("Run %s completed at step %d", runId(), step);
        } else if (stop == StopKind.USER) {
            update(s -> s.withState(RunState.STOPPED, "stopped by a stop call at step " + step));
            LOG.infof("Run %s stopped at step %d", runId(), step);
        } else {
            update(s -> s.withState(RunState.RUNNING, null));
            LOG.infof("Run %s paused by the trainer's shutdown at step %d; the next start resumes it", runId(), step);
        }
    }

    /**
     * Exports the EMA weights into {@code target}, evaluated (metrics in the manifest) when the run trained on
     * Fashion-MNIST, a classifier is configured and {@code udpm.trainer.eval-per-class > 0}. A failed evaluation fails
     * the run before anything is uploaded; its final checkpoint is stored, so a resume exports again.
     */
    private void export(TrainingLoop opened, Path target, String version) throws IOException {
        String model = request.modelName() + "/" + version;
        if (ExportWithEvaluation.evaluates(evaluation.fashionMnistDir(), classifierDir, evaluation.perClass())) {
            LOG.infof("Run %s: evaluating %s at export (%d images per class against the Fashion-MNIST test split)",
                    runId(), model, evaluation.perClass());
        } else if (evaluation.fashionMnistDir() == null) {
            LOG.infof("Run %s: exporting %s without evaluation metrics: only fashion-mnist runs are evaluated",
                    runId(), model);
        } else if (evaluation.perClass() == 0) {
            LOG.infof("Run %s: exporting %s without evaluation metrics: udpm.trainer.eval-per-class is 0", runId(),
                    model);
        } else {
            LOG.infof("Run %s: exporting %s without evaluation metrics: no classifier configured; to publish FD and"
                    + " conditional accuracy set udpm.trainer.classifier-dir (UDPM_TRAINER_CLASSIFIER_DIR) to a"
                    + " ClassifierTrainingCommand --out folder", runId(), model);
        }
        ExportWithEvaluation.Outcome outcome = ExportWithEvaluation.export(opened, target, request.modelName(),
                version, data, evaluation.fashionMnistDir(), classifierDir, evaluation.perClass());
        outcome.evaluation().ifPresent(result -> LOG.infof("Run %s: %s evaluated in %.1f s:%n%s", runId(), model,
                outcome.evaluationSeconds(), result.summary()));
    }

    /** Changes the status and writes it to the store (under the lock, so writes keep the order of changes). */
    private synchronized void update(UnaryOperator<RunStatus> change) {
        status = change.apply(status);
        if (abandoned) {
            return;
        }
        try {
            store.putStatus(status);
        } catch (RuntimeException e) {
            LOG.warnf("Run %s: could not write its state %s to the object store: %s", runId(), status.state(),
                    e.getMessage());
        }
    }

    private synchronized void updateInMemory(UnaryOperator<RunStatus> change) {
        status = change.apply(status);
    }

    private final class Listener implements TrainingListener {

        @Override
        public void onProgress(TrainingProgress p) {
            updateInMemory(s -> s.withProgress(p.step(), p.losses(), p.imagesPerSecond(), p.eta().toMillis() / 1000.0));
            metrics.progress(p); // the loop logs p.summary() itself, on this thread named udpm-train-{runId}
        }

        @Override
        public void onCheckpoint(long step, Path checkpoint) {
            if (abandoned) {
                return;
            }
            try {
                String key = store.uploadCheckpoint(runId(), checkpoint, config.keepCheckpoints());
                update(s -> s.withCheckpoint(step, key));
                LOG.infof("Run %s: checkpoint of step %d uploaded to %s", runId(), step, key);
            } catch (RuntimeException e) {
                LOG.warnf("Run %s: could not upload the checkpoint of step %d (%s); training goes on, the next"
                        + " checkpoint tries again", runId(), step, e.getMessage());
            }
        }

        @Override
        public void onSamples(long step, Path sampleGrid, Path lossCurve) {
            if (abandoned || !uploadSamples) {
                return;
            }
            try {
                store.uploadSamples(runId(), sampleGrid, lossCurve);
            } catch (RuntimeException e) {
                LOG.warnf("Run %s: could not upload the samples of step %d: %s", runId(), step, e.getMessage());
            }
        }
    }
}
