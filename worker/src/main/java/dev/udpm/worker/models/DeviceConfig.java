package dev.udpm.worker.models;

import java.util.Optional;

import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.GraphTuning;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where TensorFlow runs loaded models (docs/tensorflow.md#devices).
 */
@ConfigMapping(prefix = "udpm.worker.device")
public interface DeviceConfig {

    /** {@code udpm.worker.device.force-cpu}: hide every GPU even with the GPU native build. */
    @WithDefault("false")
    boolean forceCpu();

    /** {@code udpm.worker.device.intra-op-threads}: threads inside one op; 0 = one per core (TensorFlow's choice). */
    @WithDefault("0")
    int intraOpThreads();

    /** {@code udpm.worker.device.inter-op-threads}: independent ops run at once; 0 = TensorFlow's choice. */
    @WithDefault("0")
    int interOpThreads();

    /** {@code udpm.worker.device.gpu-allow-growth}: take GPU memory on demand instead of all of it up front. */
    @WithDefault("true")
    boolean gpuAllowGrowth();

    /** {@code udpm.worker.device.soft-placement}: ops without a kernel on the chosen device fall back to the CPU. */
    @WithDefault("true")
    boolean softPlacement();

    /**
     * {@code udpm.worker.device.visible-devices}: GPU indices this worker may use, e.g. {@code 0} or {@code 0,1};
     * unset (the default) for every GPU the process can see.
     */
    Optional<String> visibleDevices();

    /**
     * {@code udpm.worker.device.remapping}: let grappler's remapper fuse ops (TensorFlow's default, on). Off (the
     * default here) keeps float32 outputs to a few 1e-6 and their byte-identity across batch sizes, and drops the
     * fused {@code _MklSwish} SiLU kernel, slower on CPU than what it replaces: the chain ran 1.07-1.09x as fast at
     * batch 16 and 1.33-1.35x at batch 1 without it (docs/benchmarks.md, "Where the chain's time goes").
     */
    @WithDefault("false")
    boolean remapping();

    /**
     * {@code udpm.worker.device.xla-jit}: compile the chain with XLA (session {@code global_jit_level}). Slower on the
     * CPU here, and it breaks byte-identity across batch sizes; for trying on other hardware.
     */
    @WithDefault("false")
    boolean xlaJit();

    /**
     * {@code udpm.worker.device.onednn-bfloat16}: oneDNN's bfloat16 auto-mixed precision on CPUs with AVX512_BF16 /
     * AMX. Faster, but images change visibly (max 0.14 of the [-1, 1] range on the shipped model); opt in only
     * after scoring the model with it (docs/tensorflow.md#graph-tuning).
     */
    @WithDefault("false")
    boolean onednnBfloat16();

    /** The options passed to {@code ModelLoader.load}. */
    default DeviceOptions toDeviceOptions() {
        return new DeviceOptions(forceCpu(), intraOpThreads(), interOpThreads(), gpuAllowGrowth(), softPlacement(),
                visibleDevices().orElse(""), new GraphTuning(xlaJit(), remapping(), onednnBfloat16()));
    }
}
