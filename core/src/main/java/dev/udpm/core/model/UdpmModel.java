package dev.udpm.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.udpm.core.chain.SamplingSignature;
import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.latent.Latents;
import dev.udpm.core.tf.Tensors;
import dev.udpm.schemas.model.ModelManifest;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * A loaded, verified model: the one owner of its SavedModel bundle (graph + session). {@link #generate} runs the
 * whole reverse chain for a batch in ONE session call (L network evaluations). Thread-safe: concurrent calls share
 * the session. Every tensor made or returned by a call is closed before the call returns; {@link #close()}
 * releases the native graph and session (after running calls end) and later calls fail with
 * {@link IllegalStateException}.
 */
public final class UdpmModel implements AutoCloseable {

    private final ModelManifest manifest;
    private final String manifestSha256;
    private final GraphTuning graphTuning;
    private final LatentShapes shapes;
    private final SavedModelBundle bundle;
    private final SessionFunction sample;
    private final SessionFunction preview;
    private volatile boolean closed;

    UdpmModel(ModelManifest manifest, String manifestSha256, GraphTuning graphTuning, SavedModelBundle bundle) {
        this.manifest = manifest;
        this.manifestSha256 = manifestSha256;
        this.graphTuning = graphTuning;
        this.shapes = new LatentShapes(manifest.levels(), manifest.imageSize(), manifest.channels());
        this.bundle = bundle;
        this.sample = bundle.function(SamplingSignature.SERVING_KEY);
        this.preview = bundle.function(SamplingSignature.PREVIEW_KEY);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** SHA-256 (64 lowercase hex digits) of the {@code manifest.json} this model was loaded and verified from. */
    public String manifestSha256() {
        return manifestSha256;
    }

    /** The graph options the model's session was loaded with (they can change output bytes). */
    public GraphTuning graphTuning() {
        return graphTuning;
    }

    /** The latent shapes {@code e_1..e_L} this model takes. */
    public LatentShapes latentShapes() {
        return shapes;
    }

    /**
     * Generates one image per latent set, in batch order.
     *
     * @param latents {@code e_1..e_L} of N images
     * @param labels N class labels in {@code 0..numClasses-1}; null (or anything) for an unconditional model
     * @return N images, NHWC {@code [N, S, S, C]} row-major, values in {@code [-1, 1]}
     * @throws IllegalArgumentException if the latents do not fit the model or a label is out of range
     */
    public float[] generate(LatentBatch latents, int[] labels) {
        try (Result result = call(sample, latents, labels)) {
            return Tensors.toFloats(output(result, SamplingSignature.IMAGE));
        }
    }

    /** {@link #generate(LatentBatch, int[])} for per-image latents. */
    public float[] generate(List<Latents> latents, int[] labels) {
        return generate(LatentBatch.of(latents), labels);
    }

    /**
     * Generates images and returns the chain states too (for progress previews).
     *
     * @return the images ({@code [N, S, S, C]}) and {@code x_l} for l = 1..L ({@code [N, S/2^l, S/2^l, C]}, unclamped)
     */
    public ChainOutput generateWithStates(LatentBatch latents, int[] labels) {
        try (Result result = call(preview, latents, labels)) {
            Map<Integer, float[]> states = new LinkedHashMap<>();
            for (int l = manifest.levels(); l >= 1; l--) {
                states.put(l, Tensors.toFloats(output(result, SamplingSignature.state(l))));
            }
            return new ChainOutput(latents.size(), Tensors.toFloats(output(result, SamplingSignature.IMAGE)), states);
        }
    }

    /**
     * Runs {@link #generate} once with TensorFlow's full tracing on and returns what it recorded: per-op step
     * statistics of the call (node name, op type in the timeline label, start and end times, thread), for
     * profiling. The images are discarded. Tracing adds overhead per op: time the chain with {@link #generate}.
     *
     * @throws IllegalArgumentException as {@link #generate}
     */
    public RunMetadata traceGenerate(LatentBatch latents, int[] labels) {
        Signature signature = sample.signature();
        Map<String, Tensor> inputs = inputs(latents, labels);
        try {
            Session.Runner runner = bundle.session().runner()
                    .setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
            inputs.forEach((name, tensor) -> runner.feed(signature.getInputs().get(name).name, tensor));
            runner.fetch(signature.getOutputs().get(SamplingSignature.IMAGE).name);
            try (Result result = runner.runAndFetchMetadata()) {
                return result.getMetadata().orElseThrow(
                        () -> new IllegalStateException("TensorFlow returned no run metadata for a traced call"));
            }
        } finally {
            inputs.values().forEach(Tensor::close);
        }
    }

    /**
     * Images and chain states of one batch.
     *
     * @param size N
     * @param images {@code [N, S, S, C]} in {@code [-1, 1]}
     * @param states level l to {@code x_l}, {@code [N, S/2^l, S/2^l, C]}
     */
    public record ChainOutput(int size, float[] images, Map<Integer, float[]> states) {
        public ChainOutput {
            states = Map.copyOf(states);
        }
    }

    private Result call(SessionFunction function, LatentBatch latents, int[] labels) {
        Map<String, Tensor> inputs = inputs(latents, labels);
        try {
            return function.call(inputs);
        } finally {
            inputs.values().forEach(Tensor::close);
        }
    }

    /** The input tensors of one call, by signature name; the caller closes them. */
    private Map<String, Tensor> inputs(LatentBatch latents, int[] labels) {
        if (closed) {
            throw new IllegalStateException("model " + manifest.name() + "/" + manifest.version() + " is closed");
        }
        if (!latents.shapes().equals(shapes)) {
            throw new IllegalArgumentException("latents have shapes " + latents.shapes() + " but model "
                    + manifest.name() + "/" + manifest.version() + " takes " + shapes);
        }
        int[] y = checkLabels(labels, latents.size());
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        try {
            for (int l = 1; l <= manifest.levels(); l++) {
                int side = shapes.side(l);
                inputs.put(SamplingSignature.latent(l),
                        Tensors.nhwc(latents.levelView(l), latents.size(), side, side, shapes.channels()));
            }
            inputs.put(SamplingSignature.CLASS_LABELS, Tensors.vector(y));
            return inputs;
        } catch (RuntimeException e) {
            inputs.values().forEach(Tensor::close);
            throw e;
        }
    }

    private int[] checkLabels(int[] labels, int size) {
        if (!manifest.conditional()) {
            return new int[size];
        }
        if (labels == null || labels.length != size) {
            throw new IllegalArgumentException("model " + manifest.name() + " is class-conditional: give " + size
                    + " labels, got " + (labels == null ? "none" : labels.length));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= manifest.numClasses()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " outside 0.."
                        + (manifest.numClasses() - 1));
            }
        }
        return labels.clone();
    }

    private static TFloat32 output(Result result, String name) {
        return (TFloat32) result.get(name).orElseThrow(
                () -> new IllegalStateException("the model's function returned no output named " + name));
    }

    /** Releases the bundle; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        bundle.close();
    }
}
