package dev.udpm.worker.models;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.udpm.schemas.model.ModelPublished;

/** Turns a model version on disk or in the object store into a {@link PreparedModel}, or says why not. */
public interface ModelPreparer {

    /**
     * Downloads a version from the object store, verifies, loads and warms it up.
     *
     * @param location where the version was announced to be, or null for {@code models/{name}/{version}/} in the
     *     worker's bucket
     * @param expectedManifestSha256 the SHA-256 of {@code manifest.json} announced with the version, or null
     * @return empty if the store has no {@code manifest.json} there (not published, or not yet)
     * @throws ModelRejectedException if any step fails
     */
    Optional<PreparedModel> fromStore(String name, String version, ModelPublished.Location location,
            String expectedManifestSha256) throws ModelRejectedException;

    /**
     * The versions of {@code name} in the object store ({@code models/{name}/{version}/manifest.json}), newest first by
     * the time their manifest was written; nothing is verified yet.
     *
     * @throws RuntimeException if the store cannot be listed
     */
    List<StoredVersion> storedVersions(String name);

    /** A version found in the object store: its name and when its {@code manifest.json} was written. */
    record StoredVersion(String version, Instant written) {
    }

    /**
     * Verifies, loads and warms up an exported model directory (the bundled default model).
     *
     * @throws ModelRejectedException if any step fails
     */
    PreparedModel fromDirectory(Path dir) throws ModelRejectedException;
}
