package dev.udpm.schemas.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SchemaResources;

/**
 * {@code models/{name}/{version}/manifest.json}: the description of one exported model version, written
 * LAST by the trainer (schema {@code model-manifest.schema.json}, the source of truth).
 *
 * @param formatVersion  manifest format, {@link #FORMAT_VERSION}
 * @param name           model name (S3 prefix {@code models/{name}/})
 * @param version        model version (S3 prefix {@code models/{name}/{version}/})
 * @param created        when the version was exported
 * @param imageSize      side of the square images x_0, a multiple of 2^L
 * @param channels       image channels C
 * @param numClasses     number of class labels; 0 = unconditional
 * @param levels         L, the number of diffusion steps
 * @param schedule       alpha_1..alpha_L, sigma_1..sigma_L (docs/method.md#2-forward-process)
 * @param posteriorMode  the posterior sampler (docs/method.md#3-posterior)
 * @param latentShapes   shape of e_l for l = 1..L, element {@code l - 1}; see {@link #latentShape(int)}
 * @param network        the U-Net configuration, a free JSON object
 * @param signature      the serving signature of the exported graph
 * @param trainingConfig the training configuration, a free JSON object
 * @param metrics        evaluation metrics, e.g. {@code fid}
 * @param files          every file of the version with its sha256 and size
 * @param classNames     the name of each class label (element i names label i), or {@code null} when the manifest
 *                       names none (older manifests, unconditional models)
 */
public record ModelManifest(
        int formatVersion,
        String name,
        String version,
        Instant created,
        int imageSize,
        int channels,
        int numClasses,
        int levels,
        ScheduleValues schedule,
        ManifestPosteriorMode posteriorMode,
        List<LatentShape> latentShapes,
        Map<String, Object> network,
        Signature signature,
        Map<String, Object> trainingConfig,
        Map<String, Double> metrics,
        List<FileEntry> files,
        List<String> classNames) {

    /** Schema file of this record. */
    public static final String SCHEMA = "model-manifest.schema.json";

    /** The manifest format this code writes; read from the schema's {@code formatVersion.const}. */
    public static final int FORMAT_VERSION =
            (int) SchemaResources.readInteger(SCHEMA, "/properties/formatVersion/const");

    /** The file name of the manifest inside a model version's prefix. */
    public static final String FILE_NAME = ObjectKeys.MANIFEST;

    public ModelManifest {
        latentShapes = Collections2.copy(latentShapes);
        network = Collections2.copy(network);
        trainingConfig = Collections2.copy(trainingConfig);
        metrics = Collections2.copy(metrics);
        files = Collections2.copy(files);
        classNames = classNames == null ? null : List.copyOf(classNames);
    }

    /** A manifest without class names. */
    public ModelManifest(int formatVersion, String name, String version, Instant created, int imageSize, int channels,
            int numClasses, int levels, ScheduleValues schedule, ManifestPosteriorMode posteriorMode,
            List<LatentShape> latentShapes, Map<String, Object> network, Signature signature,
            Map<String, Object> trainingConfig, Map<String, Double> metrics, List<FileEntry> files) {
        this(formatVersion, name, version, created, imageSize, channels, numClasses, levels, schedule, posteriorMode,
                latentShapes, network, signature, trainingConfig, metrics, files, null);
    }

    /** The object-store prefix of a model version, {@code models/{name}/{version}/}. */
    public static String prefixOf(String name, String version) {
        return ObjectKeys.modelPrefix(name, version);
    }

    /** The object-store key of a model version's manifest, {@code models/{name}/{version}/manifest.json}. */
    public static String keyOf(String name, String version) {
        return ObjectKeys.modelManifestKey(name, version);
    }

    /** {@code models/{name}/{version}/} for this manifest. */
    public String prefix() {
        return prefixOf(name, version);
    }

    /** Every listed file's path -> its SHA-256, in the manifest's order. */
    public Map<String, String> fileSha256s() {
        Map<String, String> shas = new LinkedHashMap<>();
        files.forEach(file -> shas.put(file.path(), file.sha256()));
        return shas;
    }

    /** Whether the model takes a class label ({@code numClasses > 0}). */
    public boolean conditional() {
        return numClasses > 0;
    }

    /**
     * Shape of the noise map {@code e_l}, {@code l = 1..L}.
     *
     * @throws IllegalArgumentException if {@code l} is outside {@code 1..latentShapes().size()}
     */
    public LatentShape latentShape(int l) {
        if (l < 1 || l > latentShapes.size()) {
            throw new IllegalArgumentException("level l = " + l + " outside 1.." + latentShapes.size()
                    + " of model " + name + "/" + version);
        }
        return latentShapes.get(l - 1);
    }

    /**
     * Per-step schedule values, element {@code l - 1} holding step {@code l}.
     *
     * @param alpha alpha_1..alpha_L, each in (0, 1]
     * @param sigma sigma_1..sigma_L, each > 0
     */
    public record ScheduleValues(List<Double> alpha, List<Double> sigma) {
        public ScheduleValues {
            alpha = Collections2.copy(alpha);
            sigma = Collections2.copy(sigma);
        }

        /** alpha as a primitive array (e.g. for {@code Schedule.of}). */
        public double[] alphaArray() {
            return alpha.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** sigma as a primitive array (e.g. for {@code Schedule.of}). */
        public double[] sigmaArray() {
            return sigma.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /**
     * Shape of one noise map, written on the wire as the array {@code [height, width, channels]}.
     *
     * @param height   rows, {@code imageSize / 2^l} for level l
     * @param width    columns, {@code imageSize / 2^l} for level l
     * @param channels channels C
     */
    public record LatentShape(int height, int width, int channels) {

        /** From the wire form {@code [height, width, channels]}. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static LatentShape fromArray(int[] hwc) {
            if (hwc == null || hwc.length != 3) {
                throw new IllegalArgumentException("a latent shape is [height, width, channels]; got "
                        + (hwc == null ? "null" : hwc.length + " numbers"));
            }
            return new LatentShape(hwc[0], hwc[1], hwc[2]);
        }

        /** The wire form {@code [height, width, channels]}. */
        @JsonValue
        public int[] toArray() {
            return new int[] {height, width, channels};
        }

        /** Number of values in the map, {@code height * width * channels}. */
        public int elementCount() {
            return height * width * channels;
        }
    }

    /**
     * The serving signature of the exported graph.
     *
     * @param key     signature key, e.g. {@code serving_default}
     * @param inputs  input name to tensor shape (-1 = dynamic)
     * @param outputs output name to tensor shape (-1 = dynamic)
     */
    public record Signature(String key, Map<String, List<Long>> inputs, Map<String, List<Long>> outputs) {
        public Signature {
            inputs = Collections2.copy(inputs);
            outputs = Collections2.copy(outputs);
        }
    }

    /**
     * One file of a model version.
     *
     * @param path   path relative to {@code models/{name}/{version}/}
     * @param sha256 SHA-256 of the content, 64 lowercase hex digits
     * @param size   size in bytes
     */
    public record FileEntry(String path, String sha256, long size) {
    }
}
