package dev.udpm.core.model;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How TensorFlow may rewrite a loaded model's graph before running it: the graph-optimisation part of the session
 * configuration ({@link DeviceOptions#toConfigProto()}; docs/tensorflow.md#graph-tuning). The project's defaults
 * ({@link #defaults()}) differ from TensorFlow's ({@link #tensorflowDefaults()}) in one point: grappler's remapper is
 * off. That moves the chain's outputs by float rounding only (a few 1e-6), keeps them byte-identical whatever the
 * (padded) batch size, and made the shipped model's chain 1.07-1.09x as fast at batch 16 and 1.33-1.35x at batch 1
 * in two runs of interleaved rounds (docs/benchmarks.md): the remapper's fused SiLU kernel ({@code _MklSwish}) is
 * slower here than the plain sigmoid and multiply it replaces.
 *
 * @param xlaJit compile clusters of the graph with XLA (session {@code global_jit_level = ON_1} and
 *     {@code cpu_global_jit}); changes float rounding
 * @param remapping grappler's remapper, which fuses conv + bias + activation, {@code x * sigmoid(x)} and similar
 *     patterns into one kernel (on by default in TensorFlow, off by default here)
 * @param onednnBfloat16 oneDNN's bfloat16 auto-mixed-precision rewrite (convolutions and matmuls in bfloat16 on CPUs
 *     with AVX512_BF16 / AMX); changes outputs beyond float32 rounding and breaks byte-identity across batch sizes
 */
public record GraphTuning(boolean xlaJit, boolean remapping, boolean onednnBfloat16) {

    /** The project's defaults: no XLA, remapper off, float32 everywhere. */
    public static GraphTuning defaults() {
        return new GraphTuning(false, false, false);
    }

    /** TensorFlow's own defaults: no XLA, remapper on, float32 everywhere. */
    public static GraphTuning tensorflowDefaults() {
        return new GraphTuning(false, true, false);
    }

    /** Adds the graph options to {@code builder} (nothing when they are {@link #tensorflowDefaults()}). */
    void applyTo(ConfigProto.Builder builder) {
        if (equals(tensorflowDefaults())) {
            return;
        }
        RewriterConfig.Builder rewriter = RewriterConfig.newBuilder();
        if (!remapping) {
            rewriter.setRemapping(RewriterConfig.Toggle.OFF);
        }
        if (onednnBfloat16) {
            rewriter.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
        }
        OptimizerOptions.Builder optimizer = OptimizerOptions.newBuilder();
        if (xlaJit) {
            optimizer.setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1).setCpuGlobalJit(true);
        }
        builder.setGraphOptions(GraphOptions.newBuilder()
                .setRewriteOptions(rewriter)
                .setOptimizerOptions(optimizer)
                .build());
    }
}
