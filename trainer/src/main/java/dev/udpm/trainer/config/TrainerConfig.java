package dev.udpm.trainer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.udpm.schemas.model.QualityGate;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.training.ExportWithEvaluation;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The trainer service's settings ({@code udpm.trainer.*}); every key can be set by an environment variable, e.g.
 * {@code UDPM_TRAINER_WORKSPACE_DIR}. The object store is {@code udpm.storage.*} (StorageConfig), the broker
 * {@code kafka.bootstrap.servers}.
 */
@ConfigMapping(prefix = "udpm.trainer")
public interface TrainerConfig {

    /**
     * Local scratch folder: every run trains in {@code {workspace-dir}/{runId}/} (checkpoints, samples, export).
     * The object store holds the durable copy, so this may be an emptyDir that is lost on restart.
     */
    @WithDefault("${java.io.tmpdir}/udpm-trainer")
    Path workspaceDir();

    /** Folder of the Fashion-MNIST IDX files (Debian's {@code dataset-fashion-mnist}) for {@code dataset: fashion-mnist}. */
    @WithDefault(FashionMnist.DEFAULT_DIRECTORY)
    Path fashionMnistDir();

    /**
     * The folders under which {@code dataset: folder} runs may read their images (comma-separated). A run's
     * {@code path} is resolved against them (a relative path against each in turn; an absolute one must lie under
     * one of them, symbolic links resolved). Unset (the default): folder datasets are refused; Fashion-MNIST runs
     * are unaffected.
     */
    Optional<List<Path>> folderRoots();

    /**
     * The evaluation classifier's folder ({@code ClassifierTrainingCommand --out}). It drives the perceptual loss
     * (without it runs default to a perceptual weight of 0 and a request asking for one is rejected) and the
     * evaluation at export of Fashion-MNIST runs ({@link #evalPerClass}): without it models are published without
     * metrics.
     */
    Optional<Path> classifierDir();

    /**
     * Images generated per class to evaluate a Fashion-MNIST run's model at export (like {@code TrainCommand
     * --eval-per-class}): FD against the test split, the real-data floor and baselines, conditional accuracy, put into
     * the manifest's and the ModelPublished event's {@code metrics}. Needs {@link #classifierDir}; 0 disables the
     * evaluation. The default 500 (5000 images) takes a few minutes on a CPU with the default network.
     */
    @WithDefault(ExportWithEvaluation.DEFAULT_PER_CLASS)
    int evalPerClass();

    /**
     * At start-up, pick up the newest run whose stored state is RUNNING (from its newest complete checkpoint in the
     * object store); a STOPPING run is marked STOPPED.
     */
    @WithDefault("true")
    boolean resumeOnStart();

    /** Upload the sample grid and loss curve ({@code runs/{runId}/samples/}) each time they are written. */
    @WithDefault("true")
    boolean uploadSamples();

    /** How long a shutdown waits for the training thread to finish its step and checkpoint. */
    @WithDefault("120s")
    Duration stopTimeout();

    /** The {@code ce_source} of the model-published events. */
    @WithDefault("/udpm/trainer")
    String cloudEventSource();

    /**
     * {@code udpm.trainer.rollout-max-cas-ratio-drop}: the quality gate of canary, promote and a run's announcement
     * refuses a version whose {@code casRatio} metric is below the latest's by more than this.
     */
    @WithDefault("0.05")
    double rolloutMaxCasRatioDrop();

    /**
     * {@code udpm.trainer.rollout-max-fd-independent-increase}: ... or whose {@code fdIndependent} metric is above the
     * latest's by more than this fraction (0.10 = 10 %).
     */
    @WithDefault("0.10")
    double rolloutMaxFdIndependentIncrease();

    /** The quality gate these two margins make. */
    default QualityGate rolloutGate() {
        return new QualityGate(rolloutMaxCasRatioDrop(), rolloutMaxFdIndependentIncrease());
    }
}
