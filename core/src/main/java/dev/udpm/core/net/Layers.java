package dev.udpm.core.net;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The building blocks of {@link UNet}, each as a pair: {@code xxxSpecs(...)} declares the parameters,
 * {@code xxx(...)} applies the block with them. All activations are NHWC float32; every op used here has a
 * gradient in TensorFlow's C++ registry, so the same code builds training graphs.
 */
final class Layers {

    private static final float GROUP_NORM_EPSILON = 1e-5f;

    private Layers() {
    }

    // ---- convolution -------------------------------------------------------------------------------

    static List<ParameterSpec> convSpecs(String name, int kernel, int in, int out, double gain) {
        return List.of(ParameterSpec.normal(name + ".w", gain, (long) kernel * kernel * in, kernel, kernel, in, out),
                ParameterSpec.zeros(name + ".b", out));
    }

    /** {@code [N, H, W, in] -> [N, H/stride, W/stride, out]}, SAME padding. */
    static Operand<TFloat32> conv(Ops tf, NetworkParameters p, String name, Operand<TFloat32> x, int stride) {
        List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
        return tf.nn.biasAdd(tf.nn.conv2d(x, p.get(name + ".w"), strides, "SAME"), p.get(name + ".b"));
    }

    // ---- dense -------------------------------------------------------------------------------------

    static List<ParameterSpec> denseSpecs(String name, int in, int out, boolean bias) {
        List<ParameterSpec> specs = new ArrayList<>();
        specs.add(ParameterSpec.normal(name + ".w", 1.0, in, in, out));
        if (bias) {
            specs.add(ParameterSpec.zeros(name + ".b", out));
        }
        return specs;
    }

    /** {@code [N, in] -> [N, out]}. */
    static Operand<TFloat32> dense(Ops tf, NetworkParameters p, String name, Operand<TFloat32> x, boolean bias) {
        Operand<TFloat32> y = tf.linalg.matMul(x, p.get(name + ".w"));
        return bias ? tf.nn.biasAdd(y, p.get(name + ".b")) : y;
    }

    // ---- group normalisation -------------------------------------------------------------------------

    static List<ParameterSpec> groupNormSpecs(String name, int channels) {
        return List.of(ParameterSpec.ones(name + ".gamma", channels), ParameterSpec.zeros(name + ".beta", channels));
    }

    /**
     * Group normalisation (Wu & He 2018): per sample, channels split into {@code groups} groups, each normalised
     * over space and its channels, then scaled and shifted per channel. Built from reshape + mean +
     * squaredDifference (there is no fused op). Batch and spatial sizes may be dynamic.
     */
    static Operand<TFloat32> groupNorm(Ops tf, NetworkParameters p, String name, Operand<TFloat32> x, int channels,
            int groups) {
        Operand<TInt32> shape = tf.shape(x);
        Operand<TInt32> grouped = tf.concat(List.of(
                tf.stridedSlice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {3}), tf.constant(new int[] {1})),
                tf.constant(new int[] {groups, channels / groups})), tf.constant(0));
        Operand<TFloat32> xg = tf.reshape(x, grouped);
        Operand<TInt32> axes = tf.constant(new int[] {1, 2, 4});
        Operand<TFloat32> mean = tf.math.mean(xg, axes, org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> variance = tf.math.mean(tf.math.squaredDifference(xg, mean), axes,
                org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> normalised = tf.math.mul(tf.math.sub(xg, mean),
                tf.math.rsqrt(tf.math.add(variance, tf.constant(GROUP_NORM_EPSILON))));
        Operand<TFloat32> back = tf.reshape(normalised, shape);
        return tf.math.add(tf.math.mul(back, p.get(name + ".gamma")), p.get(name + ".beta"));
    }

    /** SiLU (swish): {@code x * sigmoid(x)}. */
    static Operand<TFloat32> silu(Ops tf, Operand<TFloat32> x) {
        return tf.math.mul(x, tf.math.sigmoid(x));
    }

    // ---- residual block ------------------------------------------------------------------------------

    static List<ParameterSpec> resBlockSpecs(String name, int in, int out, int embeddingDim) {
        List<ParameterSpec> specs = new ArrayList<>();
        specs.addAll(groupNormSpecs(name + ".norm1", in));
        specs.addAll(convSpecs(name + ".conv1", 3, in, out, 1.0));
        specs.addAll(denseSpecs(name + ".emb", embeddingDim, out, true));
        specs.addAll(groupNormSpecs(name + ".norm2", out));
        specs.addAll(convSpecs(name + ".conv2", 3, out, out, 1.0));
        if (in != out) {
            specs.addAll(convSpecs(name + ".skip", 1, in, out, 1.0));
        }
        return specs;
    }

    /**
     * {@code out = skip(x) + conv2(silu(norm2(conv1(silu(norm1(x))) + emb(siluEmb))))}.
     *
     * @param siluEmb the SiLU of the embedding, {@code [N or 1, embeddingDim]}
     */
    static Operand<TFloat32> resBlock(Ops tf, NetworkParameters p, String name, Operand<TFloat32> x,
            Operand<TFloat32> siluEmb, int in, int out, int groups) {
        Operand<TFloat32> h = conv(tf, p, name + ".conv1", silu(tf, groupNorm(tf, p, name + ".norm1", x, in, groups)), 1);
        Operand<TFloat32> e = dense(tf, p, name + ".emb", siluEmb, true);
        h = tf.math.add(h, tf.reshape(e, tf.constant(new int[] {-1, 1, 1, out})));
        h = conv(tf, p, name + ".conv2", silu(tf, groupNorm(tf, p, name + ".norm2", h, out, groups)), 1);
        Operand<TFloat32> skip = in == out ? x : conv(tf, p, name + ".skip", x, 1);
        return tf.math.add(skip, h);
    }

    // ---- self-attention ------------------------------------------------------------------------------

    static List<ParameterSpec> attentionSpecs(String name, int channels) {
        List<ParameterSpec> specs = new ArrayList<>(groupNormSpecs(name + ".norm", channels));
        for (String part : List.of("q", "k", "v", "proj")) {
            specs.addAll(convSpecs(name + "." + part, 1, channels, channels, 1.0));
        }
        return specs;
    }

    /**
     * Single-head self-attention over the {@code H*W} positions of each sample, with a residual connection:
     * {@code x + proj(softmax(q k^T / sqrt(C)) v)}.
     */
    static Operand<TFloat32> attention(Ops tf, NetworkParameters p, String name, Operand<TFloat32> x, int channels,
            int groups) {
        Operand<TInt32> shape = tf.shape(x);
        Operand<TInt32> tokens = tf.concat(List.of(
                tf.stridedSlice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {1}), tf.constant(new int[] {1})),
                tf.constant(new int[] {-1, channels})), tf.constant(0));
        Operand<TFloat32> h = groupNorm(tf, p, name + ".norm", x, channels, groups);
        Operand<TFloat32> q = tf.reshape(conv(tf, p, name + ".q", h, 1), tokens);
        Operand<TFloat32> k = tf.reshape(conv(tf, p, name + ".k", h, 1), tokens);
        Operand<TFloat32> v = tf.reshape(conv(tf, p, name + ".v", h, 1), tokens);
        Operand<TFloat32> scores = tf.math.mul(tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)),
                tf.constant((float) (1.0 / Math.sqrt(channels))));
        Operand<TFloat32> mixed = tf.train.batchMatMul(tf.nn.softmax(scores), v, TFloat32.class);
        return tf.math.add(x, conv(tf, p, name + ".proj", tf.reshape(mixed, shape), 1));
    }
}
