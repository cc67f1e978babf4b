package dev.udpm.trainer.runs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
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

    private static final Logger LOG = Logger.getLogger(ModelPublisher.class);

    private final ObjectStore store;
    private final ModelAnnouncer announcer;

    public ModelPublisher(ObjectStore store, ModelAnnouncer announcer) {
        this.store = Objects.requireNonNull(store, "store");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
    }

    /**
     * Exports (into {@code exportDirectory}, replaced), uploads and announces {@code name/version}; a version already
     * stored is only announced again (not exported, so not evaluated again). The event's {@code metrics} are the
     * stored manifest's.
     *
     * @return the announced event
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
        String prefix = manifest.prefix();
        for (ModelManifest.FileEntry file : manifest.files()) {
            store.putFile(prefix + file.path(), exported.resolve(file.path()), "application/octet-stream");
        }
        store.put(prefix + ModelManifest.FILE_NAME, manifestBytes, ObjectKeys.JSON);
        return manifestBytes;
    }
}
