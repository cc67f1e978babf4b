package dev.udpm.deploy.gpu;

import java.util.Arrays;

import dev.udpm.core.model.DeviceOptions;
import org.tensorflow.proto.ConfigProto;

/**
 * A command that shows what the worker's device options do on this machine (docs/kubernetes.md, "GPU"). Run it
 * with the GPU natives on a machine with or without a GPU:
 *
 * <pre>
 * ./mvnw -B -Pgpu -pl deploy test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.udpm.deploy.gpu.GpuFallbackProbe -Dorg.bytedeco.javacpp.cachedir=/tmp/udpm-javacpp
 * </pre>
 *
 * It prints the loaded native library, the devices seen with the worker's default options (any device, soft
 * placement, GPU memory growth) and with {@code force-cpu}, then runs an op pinned to {@code /device:GPU:0} with
 * soft placement (falls back to the CPU when there is no GPU) and without it (fails when there is no GPU).
 * TensorFlow's own log lines (device placement, CUDA driver messages) go to standard error.
 */
public final class GpuFallbackProbe {

    private GpuFallbackProbe() {
    }

    /** Runs the probe; no arguments. */
    public static void main(String[] args) {
        ConfigProto workerDefaults = DeviceOptions.defaults().toConfigProto().toBuilder()
                .setLogDevicePlacement(true).build();
        System.out.println("TensorFlow " + DeviceProbe.tensorflowVersion());
        System.out.println("native library: " + DeviceProbe.nativeLibrary());
        System.out.println("devices (worker defaults: soft placement, GPU memory growth):");
        DeviceProbe.devices(workerDefaults).forEach(d -> System.out.println("  " + d));
        System.out.println("devices (udpm.worker.device.force-cpu=true):");
        DeviceProbe.devices(DeviceOptions.cpu(0, 0).toConfigProto()).forEach(d -> System.out.println("  " + d));
        System.out.println("[1,2] + [3,4] pinned to /device:GPU:0, soft placement on: "
                + Arrays.toString(DeviceProbe.addOnGpu0(workerDefaults)));
        ConfigProto hard = workerDefaults.toBuilder().setAllowSoftPlacement(false).build();
        try {
            System.out.println("[1,2] + [3,4] pinned to /device:GPU:0, soft placement off: "
                    + Arrays.toString(DeviceProbe.addOnGpu0(hard)));
        } catch (RuntimeException e) {
            System.out.println("[1,2] + [3,4] pinned to /device:GPU:0, soft placement off: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
