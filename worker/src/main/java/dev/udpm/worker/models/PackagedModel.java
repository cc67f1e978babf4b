package dev.udpm.worker.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import dev.udpm.core.model.ManifestVerifier;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.validation.ContractValidator;
import org.jboss.logging.Logger;

/**
 * The trained model packaged inside the worker's jar (the repository's {@code models/fashion-mnist/}, copied to the
 * class path under {@value #RESOURCE_ROOT} by the worker's build): the embedded default served when
 * {@code udpm.worker.models.bundled-dir} is unset. TensorFlow loads a SavedModel from a directory, so the files its
 * manifest lists are copied to {@code {cache-dir}/packaged/{name}/{version}/}, manifest last; the loader then
 * verifies every sha256 as for any other model. A copy that an earlier start left there is reused when its manifest is
 * this jar's, byte for byte, and every file passes its sha256 (a restart then skips unpacking 6.5 MB from the jar,
 * ~1.5 s of CPU); otherwise it is copied again.
 */
public final class PackagedModel {

    /** Class-path folder holding the packaged model's {@code manifest.json}, {@code saved_model.pb}, variables. */
    public static final String RESOURCE_ROOT = "udpm/packaged-model/";

    private static final Logger LOG = Logger.getLogger(PackagedModel.class);

    private PackagedModel() {
    }

    /**
     * Copies the packaged model under {@code cacheDir} (or reuses an intact earlier copy), or returns empty when this
     * build packages none.
     *
     * @throws UncheckedIOException if the manifest lists a file the class path lacks, or the copy fails
     */
    public static Optional<Path> extract(Path cacheDir, ClassLoader classLoader) {
        Optional<String> manifestJson = read(classLoader, ModelManifest.FILE_NAME);
        if (manifestJson.isEmpty()) {
            return Optional.empty();
        }
        ModelManifest manifest = ContractValidator.shared().parseModelManifest(manifestJson.get());
        Path target = cacheDir.resolve("packaged").resolve(manifest.name()).resolve(manifest.version());
        if (intactCopy(target, manifestJson.get())) {
            LOG.infof("Packaged model %s/%s: the copy in %s is intact, reused", manifest.name(), manifest.version(),
                    target);
            return Optional.of(target);
        }
        try {
            Files.createDirectories(target);
            Files.deleteIfExists(target.resolve(ModelManifest.FILE_NAME));
            for (ModelManifest.FileEntry file : manifest.files()) {
                Path destination = target.resolve(file.path()).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException("manifest path escapes the model folder: " + file.path());
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = classLoader.getResourceAsStream(RESOURCE_ROOT + file.path())) {
                    if (in == null) {
                        throw new IOException("the packaged model's manifest lists " + file.path()
                                + " but the class path has no " + RESOURCE_ROOT + file.path()
                                + ": rebuild the worker (./mvnw -pl worker -am package)");
                    }
                    Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(target.resolve(ModelManifest.FILE_NAME), manifestJson.get());
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the packaged model to " + target, e);
        }
        return Optional.of(target);
    }

    /** Whether {@code target} holds {@code manifestJson} as its manifest and every file it lists, each intact. */
    private static boolean intactCopy(Path target, String manifestJson) {
        Path manifestFile = target.resolve(ModelManifest.FILE_NAME);
        try {
            if (!Files.isRegularFile(manifestFile) || !Files.readString(manifestFile).equals(manifestJson)) {
                return false;
            }
            ManifestVerifier.verify(target);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.infof("Packaged model: the copy in %s is not intact (%s); copying it again", target, e.getMessage());
            return false;
        }
    }

    private static Optional<String> read(ClassLoader classLoader, String path) {
        try (InputStream in = classLoader.getResourceAsStream(RESOURCE_ROOT + path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE_ROOT + path + " from the class path", e);
        }
    }
}
