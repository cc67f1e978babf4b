package dev.udpm.worker.models;

import dev.udpm.core.model.DeviceOptions;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

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

    /** The options passed to {@code ModelLoader.load}. */
    default DeviceOptions toDeviceOptions() {
        return new DeviceOptions(forceCpu(), intraOpThreads(), interOpThreads(), gpuAllowGrowth(), softPlacement(),
                visibleDevices().orElse(""));
    }
}
