package dev.udpm.deploy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class QuantityTest {

    @Test
    void cpuAndMemoryQuantitiesBecomeBaseUnits() {
        assertEquals(0, new BigDecimal("0.5").compareTo(Quantity.parse("500m")));
        assertEquals(0, new BigDecimal("2").compareTo(Quantity.parse("2")));
        assertEquals(0, BigDecimal.valueOf(512L * 1024 * 1024).compareTo(Quantity.parse("512Mi")));
        assertEquals(0, BigDecimal.valueOf(3L * 1024 * 1024 * 1024).compareTo(Quantity.parse("3Gi")));
        assertEquals(0, BigDecimal.valueOf(1_000_000_000L).compareTo(Quantity.parse("1G")));
    }

    @Test
    void somethingElseIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantity.parse("4 GB"));
        assertTrue(e.getMessage().contains("'4 GB'"), e.getMessage());
    }
}
