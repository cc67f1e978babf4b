package dev.udpm.worker.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectDigest;
import dev.udpm.storage.ObjectInfo;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.storage.StorageException;

/**
 * Downloads one model version ({@code manifest.json} first, then every file it lists) from the object store into
 * a fresh directory under the local cache, checking as it goes: the manifest's SHA-256 against the announced one,
 * the manifest against its schema and the announced name/version, and every file's SHA-256 and size against the
 * manifest. Any mismatch rejects the version naming the file; nothing half-downloaded is left behind.
 */
public final class ModelFetcher {

    private final ObjectStore store;
    private final Path cacheDir;

    /** @param cacheDir local directory for downloads; versions land in {@code {cacheDir}/{name}/{version}-{random}/} */
    public ModelFetcher(ObjectStore store, Path cacheDir) {
        this.store = Objects.requireNonNull(store, "store");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** The worker's bucket (the one every announced location must name). */
    public String bucket() {
        return store.bucket();
    }

    /**
     * The versions of {@code name} in the store: every {@code models/{name}/{version}/manifest.json}, newest first
     * by the time its manifest was written (publishers write it last, so that is when the version was complete).
     *
     * @throws StorageException if the store cannot be listed
     */
    public List<ModelPreparer.StoredVersion> storedVersions(String name) {
        String empty = ModelManifest.prefixOf(name, ""); // models/{name}//
        String prefix = empty.substring(0, empty.length() - 1);
        String suffix = "/" + ModelManifest.FILE_NAME;
        return store.list(prefix).stream()
                .filter(o -> o.key().endsWith(suffix) && o.key().length() > prefix.length() + suffix.length()
                        && o.key().indexOf('/', prefix.length()) == o.key().length() - suffix.length())
                .sorted(Comparator.comparing(ObjectInfo::lastModified).reversed()
                        .thenComparing(ObjectInfo::key, Comparator.reverseOrder()))
                .map(o -> new ModelPreparer.StoredVersion(
                        o.key().substring(prefix.length(), o.key().length() - suffix.length()), o.lastModified()))
                .toList();
    }

    /**
     * Downloads and checks a version.
     *
     * @param location announced location, or null for {@code models/{name}/{version}/} in the worker's bucket
     * @param expectedManifestSha256 the announced SHA-256 of {@code manifest.json}, or null to skip that check
     * @return the directory (owned by the caller, who deletes it), or empty if there is no manifest
     * @throws ModelRejectedException naming the step and file that failed
     */
    public Optional<Path> fetch(String name, String version, ModelPublished.Location location,
            String expectedManifestSha256) throws ModelRejectedException {
        String prefix = location == null ? ModelManifest.prefixOf(name, version)
                : location.prefix().endsWith("/") ? location.prefix() : location.prefix() + "/";
        if (location != null && !store.bucket().equals(location.bucket())) {
            throw new ModelRejectedException(name, version, LoadStep.DOWNLOAD, "announced in bucket '"
                    + location.bucket() + "' but this worker reads bucket '" + store.bucket()
                    + "' (udpm.storage.bucket); publish models into the fleet's bucket");
        }
        String manifestKey = prefix + ModelManifest.FILE_NAME;
        byte[] manifestBytes;
        try {
            manifestBytes = store.get(manifestKey);
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        } catch (StorageException e) {
            throw new ModelRejectedException(name, version, LoadStep.DOWNLOAD, manifestKey + ": " + e.getMessage(), e);
        }
        String manifestSha = Sha256.hex(manifestBytes);
        if (expectedManifestSha256 != null && !expectedManifestSha256.equals(manifestSha)) {
            throw new ModelRejectedException(name, version, LoadStep.VERIFY, ModelManifest.FILE_NAME + ": SHA-256 is "
                    + manifestSha + " but the model-published event announced " + expectedManifestSha256
                    + "; the manifest was changed after publication");
        }
        ModelManifest manifest = parse(name, version, manifestBytes);
        Path dir = cacheDir.resolve(name).resolve(version + "-" + UUID.randomUUID().toString().substring(0, 8));
        boolean complete = false;
        try {
            Files.createDirectories(dir);
            for (ModelManifest.FileEntry entry : manifest.files()) {
                download(name, version, prefix, dir, entry);
            }
            Files.write(dir.resolve(ModelManifest.FILE_NAME), manifestBytes);
            complete = true;
            return Optional.of(dir);
        } catch (IOException e) {
            throw new ModelRejectedException(name, version, LoadStep.DOWNLOAD, "cannot write to the model cache "
                    + dir + ": " + e + " (check udpm.worker.models.cache-dir)", e);
        } finally {
            if (!complete) {
                deleteRecursively(dir);
            }
        }
    }

    private static ModelManifest parse(String name, String version, byte[] bytes) throws ModelRejectedException {
        ModelManifest manifest;
        try {
            manifest = ContractValidator.shared().parseModelManifest(new String(bytes, StandardCharsets.UTF_8));
        } catch (ContractViolationException e) {
            throw new ModelRejectedException(name, version, LoadStep.VERIFY, ModelManifest.FILE_NAME + ": "
                    + e.getMessage(), e);
        }
        if (!manifest.name().equals(name) || !manifest.version().equals(version)) {
            throw new ModelRejectedException(name, version, LoadStep.VERIFY, ModelManifest.FILE_NAME + ": describes "
                    + manifest.name() + "/" + manifest.version() + ", not the announced " + name + "/" + version);
        }
        return manifest;
    }

    private void download(String name, String version, String prefix, Path dir, ModelManifest.FileEntry entry)
            throws ModelRejectedException, IOException {
        Path root = dir.toAbsolutePath().normalize();
        Path target = root.resolve(entry.path()).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new ModelRejectedException(name, version, LoadStep.VERIFY, entry.path()
                    + ": listed in the manifest but points outside the model directory");
        }
        Files.createDirectories(target.getParent());
        ObjectDigest received;
        try {
            received = store.download(prefix + entry.path(), target);
        } catch (NoSuchObjectException e) {
            throw new ModelRejectedException(name, version, LoadStep.DOWNLOAD, entry.path() + ": listed in the"
                    + " manifest but " + prefix + entry.path() + " does not exist in bucket '" + store.bucket() + "'", e);
        } catch (StorageException e) {
            throw new ModelRejectedException(name, version, LoadStep.DOWNLOAD, entry.path() + ": " + e.getMessage(), e);
        }
        if (!received.sha256().equals(entry.sha256())) {
            throw new ModelRejectedException(name, version, LoadStep.VERIFY, entry.path() + ": SHA-256 of the"
                    + " downloaded object is " + received.sha256() + " but the manifest lists " + entry.sha256()
                    + "; the object was changed after the manifest was written");
        }
        if (received.size() != entry.size()) {
            throw new ModelRejectedException(name, version, LoadStep.VERIFY, entry.path() + ": " + received.size()
                    + " bytes downloaded but the manifest lists " + entry.size());
        }
    }

    /** Deletes a directory tree; missing is fine. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            org.jboss.logging.Logger.getLogger(ModelFetcher.class).warnf("Could not delete %s: %s", dir, e);
        }
    }
}
