package dev.udpm.trainer.runs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.QualityGate;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.trainer.training.TrainingLoop;
import org.jboss.logging.Logger;

/**
 * Publishes a run's EMA weights as a model version, the way workers accept it (ModelFetcher): export locally
 * ({@link Export}: {@link TrainingLoop#export} through ExportWithEvaluation), upload every file the manifest lists
 * under {@code models/{name}/{version}/}, then {@code manifest.json} LAST, then a {@link ModelPublished} event
 * carrying the SHA-256 of exactly those manifest bytes. A crash mid-upload leaves files without a manifest, which no
 * worker loads; the next attempt (the resumed run exports the same version again) overwrites them. A version whose
 * manifest is already stored is not uploaded again, only announced: a crash between upload and event is repaired
 * without changing published bytes.
 */
public final class ModelPublisher {

    /** Writes a model version (manifest included) into an empty folder. */
    @FunctionalInterface
    public interface Export {
        void into(Path directory) throws IOException;
    }

    /**
     * Whether a version a run just stored may become its model's latest: the reason it may not (e.g. the rollout
     * quality gate against the current latest's evaluation), or empty.
     */
    @FunctionalInterface
    public interface LatestGate {

        /** Every version may become the latest. */
        LatestGate OPEN = candidate -> Optional.empty();

        Optional<String> refusal(ModelPublished candidate);

        /**
         * The rollout quality gate: refuses a version whose evaluation is worse than the current latest's (as
         * {@code current} announces it) beyond {@code gate}'s margins; a model with no latest yet takes any version.
         */
        static LatestGate of(Function<String, Optional<ModelPublished>> current, QualityGate gate) {
            return candidate -> current.apply(candidate.name())
                    .filter(latest -> !latest.version().equals(candidate.version()))
                    .map(latest -> gate.failures(metricsOf(candidate), metricsOf(latest)))
                    .filter(failures -> !failures.isEmpty())
                    .map(failures -> String.join("; ", failures));
        }

        private static Map<String, Double> metricsOf(ModelPublished p) {
            return p.metrics() == null ? Map.of() : p.metrics();
        }
    }

    private static final Logger LOG = Logger.getLogger(ModelPublisher.class);

    private final ObjectStore store;
    private final ModelAnnouncer announcer;
    private final LatestGate gate;

    /** Announces every version it stores as its model's latest. */
    public ModelPublisher(ObjectStore store, ModelAnnouncer announcer) {
        this(store, announcer, LatestGate.OPEN);
    }

    /** Announces a stored version as its model's latest only if {@code gate} lets it. */
    public ModelPublisher(ObjectStore store, ModelAnnouncer announcer, LatestGate gate) {
        this.store = Objects.requireNonNull(store, "store");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /**
     * Exports (into {@code exportDirectory}, replaced), uploads and announces {@code name/version}; a version already
     * stored is only announced again (not exported, so not evaluated again). The event's {@code metrics} are the
     * stored manifest's. A version the {@link LatestGate} refuses stays stored but is not announced: the operator
     * sends it a share ({@code udpm models canary}) or makes it the latest with {@code --force}.
     *
     * @return the event: announced, or not when the gate refused it
     */
    public ModelPublished publish(Export export, String name, String version, Path exportDirectory,
            String description) throws IOException {
        String manifestKey = ModelManifest.keyOf(name, version);
        byte[] manifestBytes;
        try {
            manifestBytes = store.get(manifestKey);
            LOG.infof("Model %s/%s is already uploaded (%s); announcing it again", name, version, manifestKey);
        } catch (NoSuchObjectException e) {
            LocalFolders.deleteTree(exportDirectory);
            export.into(exportDirectory);
            manifestBytes = upload(exportDirectory);
        }
        ModelManifest manifest = ContractValidator.shared()
                .parseModelManifest(new String(manifestBytes, StandardCharsets.UTF_8));
        ModelPublished published = new ModelPublished(name, version,
                new ModelPublished.Location(store.bucket(), ModelManifest.prefixOf(name, version)),
                Sha256.hex(manifestBytes), manifest.created(), manifest.metrics(), description);
        ContractValidator.shared().parseModelPublished(dev.udpm.schemas.Json.write(published)); // fail before sending
        Optional<String> refused = gate.refusal(published);
        if (refused.isPresent()) {
            LOG.warnf("Model %s/%s is stored (s3://%s/%s) but NOT announced as the latest: %s. Roll it out with"
                    + " `udpm models canary %s %s --percent P` (add --force past the quality gate)", name, version,
                    store.bucket(), published.location().prefix(), refused.get(), name, version);
            return published;
        }
        announcer.announce(published);
        LOG.infof("Model %s/%s published: s3://%s/%s (manifest sha256 %s)", name, version, store.bucket(),
                published.location().prefix(), published.manifestSha256());
        return published;
    }

    /** Uploads every file of an exported folder, {@code manifest.json} last; returns the manifest's bytes. */
    byte[] upload(Path exported) throws IOException {
        byte[] manifestBytes = Files.readAllBytes(exported.resolve(ModelManifest.FILE_NAME));
        ModelManifest manifest = ContractValidator.shared()
                .parseModelManifest(new String(manifestBytes, StandardCharsets.UTF_8));
        store.putFolderThenLast(manifest.prefix(), exported, manifest.fileSha256s(), ModelManifest.FILE_NAME,
                manifestBytes, ObjectKeys.JSON);
        return manifestBytes;
    }
}
