package dev.udpm.worker.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.GraphTuning;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

/** {@code udpm.worker.device.*} to the options models are loaded with. */
class DeviceConfigTest {

    private static DeviceOptions options(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withMapping(DeviceConfig.class)
                .build()
                .getConfigMapping(DeviceConfig.class)
                .toDeviceOptions();
    }

    @Test
    void defaultsAreTheCoreDefaults() {
        DeviceOptions options = options(Map.of());
        assertEquals(DeviceOptions.defaults(), options);
        assertEquals(new GraphTuning(false, false, false), options.tuning(), "remapper off by default");
    }

    @Test
    void graphTuningKeysReachTheSessionOptions() {
        DeviceOptions options = options(Map.of("udpm.worker.device.remapping", "true",
                "udpm.worker.device.xla-jit", "true", "udpm.worker.device.onednn-bfloat16", "true",
                "udpm.worker.device.intra-op-threads", "2"));
        assertEquals(new GraphTuning(true, true, true), options.tuning());
        assertEquals(2, options.intraOpThreads());
    }
}
