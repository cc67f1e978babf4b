package dev.udpm.core.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.UNet;
import dev.udpm.core.tf.ForwardProcessOps;
import dev.udpm.core.tf.PosteriorOps;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The whole UDPM reverse chain as one graph (docs/method.md#5-sampling), so that one session call per batch
 * runs all L network evaluations:
 *
 * <pre>
 *   x_L = sqrt(alphaBar_L^2 + sigmaBarSq_L) e_L
 *   for l = L..2:  f = net(x_l, t_l, y);  x_{l-1} = posteriorSample(l, x_l, f, e_{l-1})     (paper eqs. 11-12)
 *   l = 1:         x_0 = net(x_1, t_1, y)
 *   image = clamp(x_0, -1, 1)
 * </pre>
 *
 * <p>Inputs and outputs are named as in {@link SamplingSignature}; {@link #signature()} and
 * {@link #previewSignature()} describe them for export. Every op is per sample (group norm and attention
 * normalise within a sample), so an image depends only on its own latents and label, whatever batch it runs in.
 */
public final class SamplingGraph {

    private final Schedule schedule;
    private final int imageSize;
    private final int channels;
    private final Map<Integer, Placeholder<TFloat32>> latents = new LinkedHashMap<>();
    private final Map<Integer, Operand<TFloat32>> states = new LinkedHashMap<>();
    private final Placeholder<TInt32> classLabels;
    private final Operand<TFloat32> image;

    private SamplingGraph(Ops tf, UNet net, Schedule schedule, PosteriorMode mode, int imageSize, String prefix) {
        this.schedule = schedule;
        this.imageSize = imageSize;
        this.channels = net.config().imageChannels();
        int top = schedule.levels();
        for (int l = top; l >= 1; l--) {
            int side = schedule.sizeAt(l, imageSize);
            latents.put(l, tf.withName(prefix + SamplingSignature.latent(l)).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, side, side, channels))));
        }
        classLabels = tf.withName(prefix + SamplingSignature.CLASS_LABELS).placeholder(TInt32.class,
                Placeholder.shape(Shape.of(-1)));
        Operand<TInt32> labels = net.config().conditional() ? classLabels : null;

        Operand<TFloat32> x = ForwardProcessOps.priorSample(tf, schedule, latents.get(top));
        for (int l = top; l >= 1; l--) {
            states.put(l, tf.withName(prefix + SamplingSignature.state(l)).identity(x));
            Operand<TFloat32> f = net.applyAtLevel(tf, schedule, l, x, labels);
            x = l > 1 ? PosteriorOps.posteriorSample(tf, schedule, mode, l, x, f, latents.get(l - 1)) : f;
        }
        image = tf.withName(prefix + SamplingSignature.IMAGE).clipByValue(x, tf.constant(-1f), tf.constant(1f));
    }

    /**
     * Builds the chain for images of side {@code imageSize} with the network's variables (which it does not create).
     *
     * @throws IllegalArgumentException if {@code imageSize} is not a multiple of {@code 2^L} times the network's
     *     minimum input size
     */
    public static SamplingGraph build(Ops tf, UNet net, Schedule schedule, PosteriorMode mode, int imageSize) {
        return build(tf, net, schedule, mode, imageSize, "");
    }

    /** As {@link #build(Ops, UNet, Schedule, PosteriorMode, int)} with every named op prefixed (a second chain in one graph). */
    public static SamplingGraph build(Ops tf, UNet net, Schedule schedule, PosteriorMode mode, int imageSize,
            String opNamePrefix) {
        schedule.requireDivisible(imageSize);
        int coarsest = schedule.sizeAt(schedule.levels(), imageSize);
        if (coarsest % net.config().minInputSize() != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " gives a coarsest latent of side "
                    + coarsest + ", which the network (min input side " + net.config().minInputSize()
                    + ") cannot take; use fewer network resolutions or a larger image");
        }
        return new SamplingGraph(tf, net, schedule, mode, imageSize, opNamePrefix);
    }

    /** The input for {@code e_l}, {@code [N, S/2^l, S/2^l, C]}. */
    public Placeholder<TFloat32> latent(int l) {
        Placeholder<TFloat32> p = latents.get(l);
        if (p == null) {
            throw new IllegalArgumentException("level l = " + l + " outside 1.." + schedule.levels());
        }
        return p;
    }

    /** The class-label input {@code [N]}. */
    public Placeholder<TInt32> classLabels() {
        return classLabels;
    }

    /** The clamped image {@code [N, S, S, C]}. */
    public Operand<TFloat32> image() {
        return image;
    }

    /** The chain state {@code x_l}, l = 1..L. */
    public Operand<TFloat32> state(int l) {
        latent(l);
        return states.get(l);
    }

    public Schedule schedule() {
        return schedule;
    }

    public int imageSize() {
        return imageSize;
    }

    public int channels() {
        return channels;
    }

    /** The main function: latents and labels in, image out. */
    public Signature signature() {
        return inputs(Signature.builder(SamplingSignature.SERVING_KEY)).output(SamplingSignature.IMAGE, image).build();
    }

    /** The preview function: the image and every state {@code x_L..x_1}. */
    public Signature previewSignature() {
        Signature.Builder builder = inputs(Signature.builder(SamplingSignature.PREVIEW_KEY))
                .output(SamplingSignature.IMAGE, image);
        for (int l = schedule.levels(); l >= 1; l--) {
            builder.output(SamplingSignature.state(l), states.get(l));
        }
        return builder.build();
    }

    /** Both functions, main first. */
    public List<Signature> signatures() {
        return List.of(signature(), previewSignature());
    }

    /** Input name to shape ({@code -1} = any batch size) of {@link #signature()}, for the model manifest. */
    public Map<String, List<Long>> inputShapes() {
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        for (int l = schedule.levels(); l >= 1; l--) {
            int side = schedule.sizeAt(l, imageSize);
            shapes.put(SamplingSignature.latent(l), List.of(-1L, (long) side, (long) side, (long) channels));
        }
        shapes.put(SamplingSignature.CLASS_LABELS, List.of(-1L));
        return shapes;
    }

    /** Output name to shape of {@link #signature()}, for the model manifest. */
    public Map<String, List<Long>> outputShapes() {
        return Map.of(SamplingSignature.IMAGE, List.of(-1L, (long) imageSize, (long) imageSize, (long) channels));
    }

    private Signature.Builder inputs(Signature.Builder builder) {
        List<Integer> levels = new ArrayList<>(latents.keySet());
        for (int l : levels) {
            builder.input(SamplingSignature.latent(l), latents.get(l));
        }
        return builder.input(SamplingSignature.CLASS_LABELS, classLabels);
    }
}
