package dev.udpm.core.model;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Where and how a loaded model runs: turned into the TensorFlow {@link ConfigProto} given to the session
 * (docs/tensorflow.md#devices).
 *
 * @param forceCpu hide every GPU ({@code device_count {GPU: 0}}), even with the GPU native build
 * @param intraOpThreads threads inside one op (a convolution); 0 lets TensorFlow choose (one per core)
 * @param interOpThreads threads running independent ops at once; 0 lets TensorFlow choose
 * @param gpuAllowGrowth allocate GPU memory on demand instead of reserving it up front
 * @param softPlacement let ops without a kernel on the chosen device fall back to the CPU
 * @param visibleDevices the GPUs this process may use, e.g. {@code "0"} or {@code "0,1"} (TensorFlow's
 *     {@code visible_device_list}); empty for all
 * @param tuning how TensorFlow may rewrite the graph ({@link GraphTuning}); {@link GraphTuning#defaults()} if null
 */
public record DeviceOptions(boolean forceCpu, int intraOpThreads, int interOpThreads, boolean gpuAllowGrowth,
        boolean softPlacement, String visibleDevices, GraphTuning tuning) {

    /** The options with the default graph rewriting ({@link GraphTuning#defaults()}). */
    public DeviceOptions(boolean forceCpu, int intraOpThreads, int interOpThreads, boolean gpuAllowGrowth,
            boolean softPlacement, String visibleDevices) {
        this(forceCpu, intraOpThreads, interOpThreads, gpuAllowGrowth, softPlacement, visibleDevices,
                GraphTuning.defaults());
    }

    public DeviceOptions {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("device options: thread counts must be >= 0 (0 = TensorFlow's choice),"
                    + " got intraOpThreads = " + intraOpThreads + ", interOpThreads = " + interOpThreads);
        }
        visibleDevices = visibleDevices == null ? "" : visibleDevices.strip();
        tuning = tuning == null ? GraphTuning.defaults() : tuning;
        if (!visibleDevices.isEmpty() && !visibleDevices.matches("\\d+(,\\d+)*")) {
            throw new IllegalArgumentException("device options: visible devices '" + visibleDevices
                    + "' must be GPU indices separated by commas, e.g. 0 or 0,1 (empty for all)");
        }
    }

    /** Any device, TensorFlow's thread counts, GPU memory on demand, soft placement. */
    public static DeviceOptions defaults() {
        return new DeviceOptions(false, 0, 0, true, true, "");
    }

    /** CPU only, with the given thread counts (0 = TensorFlow's choice). */
    public static DeviceOptions cpu(int intraOpThreads, int interOpThreads) {
        return new DeviceOptions(true, intraOpThreads, interOpThreads, true, true, "");
    }

    /** These options with another graph tuning. */
    public DeviceOptions withTuning(GraphTuning newTuning) {
        return new DeviceOptions(forceCpu, intraOpThreads, interOpThreads, gpuAllowGrowth, softPlacement,
                visibleDevices, newTuning);
    }

    /** The session configuration. */
    public ConfigProto toConfigProto() {
        ConfigProto.Builder builder = ConfigProto.newBuilder()
                .setAllowSoftPlacement(softPlacement)
                .setGpuOptions(GPUOptions.newBuilder()
                        .setAllowGrowth(gpuAllowGrowth)
                        .setVisibleDeviceList(visibleDevices)
                        .build())
                .setIntraOpParallelismThreads(intraOpThreads)
                .setInterOpParallelismThreads(interOpThreads);
        if (forceCpu) {
            builder.putDeviceCount("GPU", 0);
        }
        tuning.applyTo(builder);
        return builder.build();
    }
}
