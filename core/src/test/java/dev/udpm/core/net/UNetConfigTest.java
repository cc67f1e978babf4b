package dev.udpm.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class UNetConfigTest {

    @Test
    void mapRoundTripKeepsEveryField() {
        UNetConfig config = new UNetConfig(3, 16, List.of(1, 2, 4), 2, 4, false, 64, 7);
        assertEquals(config, UNetConfig.fromMap(config.toMap()));
        assertEquals("udpm-unet", config.toMap().get("architecture"));
    }

    @Test
    void minimumInputSizeDoublesWithEveryResolution() {
        assertEquals(4, UNetConfig.cpuDefault(1, 0).minInputSize());
        assertEquals(2, UNetConfig.tiny(1, 0).minInputSize());
        assertEquals(64, UNetConfig.cpuDefault(1, 0).width(2));
    }

    @Test
    void invalidConfigurationsNameTheField() {
        assertRejected(() -> new UNetConfig(1, 30, List.of(1, 2), 1, 8, true, 16, 0), "not divisible by groupNormGroups");
        assertRejected(() -> new UNetConfig(1, 32, List.of(), 1, 8, true, 16, 0), "channelMultipliers");
        assertRejected(() -> new UNetConfig(0, 32, List.of(1), 1, 8, true, 16, 0), "imageChannels");
        assertRejected(() -> new UNetConfig(1, 32, List.of(1), 1, 8, true, 15, 0), "embeddingDim = 15");
        assertRejected(() -> new UNetConfig(1, 32, List.of(1), 1, 8, true, 16, -1), "numClasses");
        assertRejected(() -> UNetConfig.fromMap(java.util.Map.of("channelMultipliers", List.of(1))), "imageChannels");
    }

    private static void assertRejected(Runnable r, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
