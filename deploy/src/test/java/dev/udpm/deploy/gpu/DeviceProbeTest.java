package dev.udpm.deploy.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.udpm.core.model.DeviceOptions;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/**
 * The worker's device options on a machine without a GPU (this one and CI): the natives of the build's classifier
 * load, sessions see only the CPU, an op asked for GPU:0 falls back to the CPU under the worker's options (soft
 * placement) and fails without soft placement. With {@code -Pgpu} the same test runs against the GPU natives.
 */
class DeviceProbeTest {

    @Test
    void theNativesOfTheSelectedClassifierAreLoaded() {
        String classifier = System.getProperty("udpm.tensorflow.native.classifier");
        assertTrue(classifier != null && !classifier.isBlank(), "surefire passes the build's native classifier");
        assertEquals("2.18.0", DeviceProbe.tensorflowVersion(), "TensorFlow Java 1.1.0 wraps TensorFlow 2.18.0");
        String library = DeviceProbe.nativeLibrary();
        assertTrue(library.contains("/" + classifier + "/"), "expected the " + classifier + " natives, loaded " + library);
    }

    @Test
    void withoutAGpuSessionsSeeOnlyTheCpuWhateverTheOptions() {
        for (DeviceOptions options : List.of(DeviceOptions.defaults(), DeviceOptions.cpu(0, 0))) {
            List<DeviceProbe.Device> devices = DeviceProbe.devices(options.toConfigProto());
            assertFalse(devices.isEmpty(), "a session always has a device");
            assertTrue(devices.stream().allMatch(d -> d.type().equals("CPU")), "no GPU on this machine: " + devices);
            assertTrue(devices.get(0).name().endsWith("/device:CPU:0"), devices.toString());
        }
    }

    @Test
    void anOpPinnedToTheGpuFallsBackToTheCpuWithTheWorkersSoftPlacement() {
        float[] sum = DeviceProbe.addOnGpu0(DeviceOptions.defaults().toConfigProto());
        assertArrayEquals(new float[] {4f, 6f}, sum, "[1, 2] + [3, 4] computed on the CPU");
    }

    @Test
    void withoutSoftPlacementTheSameOpCannotBePlaced() {
        ConfigProto hard = DeviceOptions.defaults().toConfigProto().toBuilder().setAllowSoftPlacement(false).build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> DeviceProbe.addOnGpu0(hard));
        assertTrue(e.getMessage().contains("GPU"), "the error names the missing device: " + e.getMessage());
    }
}
