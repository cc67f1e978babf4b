package dev.udpm.core.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.udpm.core.chain.SamplingGraph;
import dev.udpm.core.chain.SamplingSignature;
import dev.udpm.core.net.NetworkWeights;
import dev.udpm.core.net.UNet;
import dev.udpm.core.net.WeightLoader;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.model.ManifestPosteriorMode;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.validation.ContractValidator;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Writes a model version: a TensorFlow SavedModel of the sampling chain ({@link SamplingGraph}: functions
 * {@value SamplingSignature#SERVING_KEY} and {@value SamplingSignature#PREVIEW_KEY}, tag {@code serve}) and,
 * LAST, {@code manifest.json} listing every file with its SHA-256 and size. A directory without a manifest is
 * an incomplete export and {@link ModelLoader} refuses it.
 *
 * <p>The graph is built fresh (only the sampler and the network's variables, no training ops) and the weights are
 * loaded into it, so any training graph can export through {@link NetworkWeights}.
 */
public final class ModelExporter {

    private ModelExporter() {
    }

    /**
     * Exports a model with trained weights (for example the trainer's EMA weights read with
     * {@code NetworkParameters.read(session)}).
     *
     * @param dir a directory that does not exist or is empty
     * @return the manifest written
     * @throws IllegalArgumentException if the spec makes an invalid manifest or the weights do not fit the network
     * @throws IOException if the directory is not empty or cannot be written
     */
    public static ModelManifest export(Path dir, ModelSpec spec, NetworkWeights weights) throws IOException {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null; use exportInitialised for a random model");
        }
        return write(dir, spec, weights, 0L);
    }

    /** Exports a model whose network keeps its deterministic initialisation from {@code seed} (untrained). */
    public static ModelManifest exportInitialised(Path dir, ModelSpec spec, long seed) throws IOException {
        return write(dir, spec, null, seed);
    }

    private static ModelManifest write(Path dir, ModelSpec spec, NetworkWeights weights, long seed) throws IOException {
        // fail before any work if the spec cannot make a valid manifest
        validate(manifest(spec, List.of(new ModelManifest.FileEntry("placeholder", "0".repeat(64), 0))));
        prepare(dir);
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            UNet net = UNet.create(tf, spec.network(), seed);
            WeightLoader loader = weights == null ? null : net.parameters().weightLoader(tf);
            SamplingGraph chain = SamplingGraph.build(tf, net, spec.schedule(), spec.posteriorMode(), spec.imageSize());
            if (loader != null) {
                loader.load(session, weights);
            }
            SavedModelBundle.exporter(dir.toString())
                    .withSession(session)
                    .withSignature(chain.signature())
                    .withSignature(chain.previewSignature())
                    .export();
        }
        List<ModelManifest.FileEntry> files = new ArrayList<>();
        for (String path : ModelFiles.list(dir)) {
            files.add(ModelFiles.entry(dir, path));
        }
        ModelManifest manifest = manifest(spec, files);
        String json = validate(manifest);
        Path temporary = dir.resolve(ModelManifest.FILE_NAME + ".tmp");
        Files.writeString(temporary, json, StandardCharsets.UTF_8);
        Files.move(temporary, dir.resolve(ModelManifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    /** The manifest of {@code spec} with the given file list. */
    static ModelManifest manifest(ModelSpec spec, List<ModelManifest.FileEntry> files) {
        int levels = spec.schedule().levels();
        List<Double> alpha = new ArrayList<>();
        List<Double> sigma = new ArrayList<>();
        List<ModelManifest.LatentShape> latentShapes = new ArrayList<>();
        int channels = spec.network().imageChannels();
        for (int l = 1; l <= levels; l++) {
            alpha.add(spec.schedule().alpha(l));
            sigma.add(spec.schedule().sigma(l));
            int side = spec.schedule().sizeAt(l, spec.imageSize());
            latentShapes.add(new ModelManifest.LatentShape(side, side, channels));
        }
        Map<String, List<Long>> inputs = new LinkedHashMap<>();
        for (int l = levels; l >= 1; l--) {
            int side = spec.schedule().sizeAt(l, spec.imageSize());
            inputs.put(SamplingSignature.latent(l), List.of(-1L, (long) side, (long) side, (long) channels));
        }
        inputs.put(SamplingSignature.CLASS_LABELS, List.of(-1L));
        long s = spec.imageSize();
        ModelManifest.Signature signature = new ModelManifest.Signature(SamplingSignature.SERVING_KEY, inputs,
                Map.of(SamplingSignature.IMAGE, List.of(-1L, s, s, (long) channels)));
        return new ModelManifest(ModelManifest.FORMAT_VERSION, spec.name(), spec.version(), spec.created(),
                spec.imageSize(), channels, spec.network().numClasses(), levels,
                new ModelManifest.ScheduleValues(alpha, sigma), ManifestPosteriorMode.valueOf(spec.posteriorMode().name()),
                latentShapes, spec.network().toMap(), signature, spec.trainingConfig(), spec.metrics(), files,
                spec.classNames());
    }

    /** Writes and re-validates the manifest; returns the JSON. */
    private static String validate(ModelManifest manifest) {
        String json;
        try {
            json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model manifest cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        ContractValidator.shared().parseModelManifest(json); // throws ContractViolationException naming the field
        return json;
    }

    private static void prepare(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("export target " + dir + " is a file, not a directory");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("export directory " + dir
                            + " is not empty; export every model version into a new directory");
                }
            }
        }
        Files.createDirectories(dir);
    }
}
