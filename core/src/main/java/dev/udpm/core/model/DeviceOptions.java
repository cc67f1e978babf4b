package dev.udpm.core.model;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Where and how a loaded model runs: turned into the TensorFlow {@link ConfigProto} given to the session
 * (pitfall 11 of tensorflow-java.md). Soft placement is always on (ops without a GPU kernel fall back to the
 * CPU) and, with a GPU build, memory grows on demand instead of being reserved up front.
 *
 * @param forceCpu hide every GPU ({@code device_count {GPU: 0}}), even with the GPU native build
 * @param intraOpThreads threads inside one op (a convolution); 0 lets TensorFlow choose (one per core)
 * @param interOpThreads threads running independent ops at once; 0 lets TensorFlow choose
 * @param gpuAllowGrowth allocate GPU memory on demand
 */
public record DeviceOptions(boolean forceCpu, int intraOpThreads, int interOpThreads, boolean gpuAllowGrowth) {

    public DeviceOptions {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("device options: thread counts must be >= 0 (0 = TensorFlow's choice),"
                    + " got intraOpThreads = " + intraOpThreads + ", interOpThreads = " + interOpThreads);
        }
    }

    /** Any device, TensorFlow's thread counts, GPU memory on demand. */
    public static DeviceOptions defaults() {
        return new DeviceOptions(false, 0, 0, true);
    }

    /** CPU only, with the given thread counts (0 = TensorFlow's choice). */
    public static DeviceOptions cpu(int intraOpThreads, int interOpThreads) {
        return new DeviceOptions(true, intraOpThreads, interOpThreads, true);
    }

    /** The session configuration. */
    public ConfigProto toConfigProto() {
        ConfigProto.Builder builder = ConfigProto.newBuilder()
                .setAllowSoftPlacement(true)
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(gpuAllowGrowth).build())
                .setIntraOpParallelismThreads(intraOpThreads)
                .setInterOpParallelismThreads(interOpThreads);
        if (forceCpu) {
            builder.putDeviceCount("GPU", 0);
        }
        return builder.build();
    }
}
