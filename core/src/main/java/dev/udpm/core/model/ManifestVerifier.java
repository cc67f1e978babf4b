package dev.udpm.core.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.udpm.core.chain.SamplingSignature;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;

/**
 * Checks a model directory against its {@code manifest.json} before anything is loaded: the manifest is valid
 * (schema + cross-field rules of {@code udpm-schemas}, plus the rules core relies on: latent shapes, network,
 * schedule, signature), every listed file is present with the listed size and SHA-256, and no file is missing from
 * or added to the list. Every refusal is an {@link InvalidModelException} naming the file.
 */
public final class ManifestVerifier {

    private ManifestVerifier() {
    }

    /**
     * Verifies {@code dir} and returns its manifest.
     *
     * @throws InvalidModelException naming the manifest or the offending file
     * @throws IOException if the directory cannot be read
     */
    public static ModelManifest verify(Path dir) throws IOException {
        Path manifestFile = dir.resolve(ModelManifest.FILE_NAME);
        if (!Files.isDirectory(dir)) {
            throw new InvalidModelException(".", "model directory " + dir + " does not exist or is not a directory");
        }
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidModelException(ModelManifest.FILE_NAME, "missing in " + dir
                    + "; the manifest is written last, so the export is incomplete or the directory is wrong");
        }
        ModelManifest manifest = parse(Files.readString(manifestFile, StandardCharsets.UTF_8));
        checkConsistency(manifest);
        checkFiles(dir, manifest);
        return manifest;
    }

    /** Parses and validates manifest JSON. */
    static ModelManifest parse(String json) throws InvalidModelException {
        try {
            return ContractValidator.shared().parseModelManifest(json);
        } catch (ContractViolationException e) {
            throw new InvalidModelException(ModelManifest.FILE_NAME, "invalid manifest: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidModelException(ModelManifest.FILE_NAME, "unreadable manifest: " + e.getMessage(), e);
        }
    }

    /** The rules beyond the schema that the sampler depends on. */
    static void checkConsistency(ModelManifest m) throws InvalidModelException {
        try {
            Schedule.of(m.schedule().alphaArray(), m.schedule().sigmaArray());
        } catch (IllegalArgumentException e) {
            throw invalid("schedule: " + e.getMessage());
        }
        for (int l = 1; l <= m.levels(); l++) {
            ModelManifest.LatentShape shape = m.latentShape(l);
            int side = m.imageSize() >> l;
            if (shape.height() != side || shape.width() != side || shape.channels() != m.channels()) {
                throw invalid("latentShapes[" + (l - 1) + "] = [" + shape.height() + ", " + shape.width() + ", "
                        + shape.channels() + "] but e_" + l + " of a " + m.imageSize() + "x" + m.imageSize() + "x"
                        + m.channels() + " image must be [" + side + ", " + side + ", " + m.channels() + "]");
            }
        }
        UNetConfig network;
        try {
            network = UNetConfig.fromMap(m.network());
        } catch (IllegalArgumentException e) {
            throw invalid("network: " + e.getMessage());
        }
        if (network.imageChannels() != m.channels() || network.numClasses() != m.numClasses()) {
            throw invalid("network has imageChannels = " + network.imageChannels() + ", numClasses = "
                    + network.numClasses() + " but the manifest says channels = " + m.channels() + ", numClasses = "
                    + m.numClasses());
        }
        if (!SamplingSignature.SERVING_KEY.equals(m.signature().key())) {
            throw invalid("signature.key = '" + m.signature().key() + "', expected '" + SamplingSignature.SERVING_KEY + "'");
        }
        Set<String> expectedInputs = new HashSet<>();
        for (int l = 1; l <= m.levels(); l++) {
            expectedInputs.add(SamplingSignature.latent(l));
        }
        expectedInputs.add(SamplingSignature.CLASS_LABELS);
        if (!expectedInputs.equals(m.signature().inputs().keySet())
                || !m.signature().outputs().containsKey(SamplingSignature.IMAGE)) {
            throw invalid("signature inputs " + m.signature().inputs().keySet() + " / outputs "
                    + m.signature().outputs().keySet() + " are not the sampling signature (inputs " + expectedInputs
                    + ", output '" + SamplingSignature.IMAGE + "')");
        }
    }

    private static void checkFiles(Path dir, ModelManifest m) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Set<String> listed = new LinkedHashSet<>();
        for (ModelManifest.FileEntry entry : m.files()) {
            String path = entry.path();
            if (!listed.add(path)) {
                throw invalid("file " + path + " is listed twice");
            }
            if (path.equals(ModelManifest.FILE_NAME)) {
                throw invalid("the manifest must not list itself");
            }
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root)) {
                throw new InvalidModelException(path, "listed in the manifest but points outside the model directory");
            }
            if (!Files.isRegularFile(file)) {
                throw new InvalidModelException(path, "listed in the manifest but missing from " + dir);
            }
            long size = Files.size(file);
            if (size != entry.size()) {
                throw new InvalidModelException(path, "has " + size + " bytes but the manifest lists " + entry.size()
                        + "; the file was changed or truncated");
            }
        }
        List<String> present = ModelFiles.list(dir);
        for (String path : present) {
            if (!listed.contains(path)) {
                throw new InvalidModelException(path, "present in " + dir
                        + " but not listed in the manifest; refusing a model with unexpected files");
            }
        }
        for (ModelManifest.FileEntry entry : m.files()) {
            String actual = ModelFiles.sha256(root.resolve(entry.path()));
            if (!actual.equals(entry.sha256())) {
                throw new InvalidModelException(entry.path(), "SHA-256 is " + actual + " but the manifest lists "
                        + entry.sha256() + "; the file was changed or corrupted");
            }
        }
    }

    private static InvalidModelException invalid(String message) {
        return new InvalidModelException(ModelManifest.FILE_NAME, message);
    }
}
