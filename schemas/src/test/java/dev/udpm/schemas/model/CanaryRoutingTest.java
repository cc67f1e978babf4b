package dev.udpm.schemas.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;

import dev.udpm.schemas.ObjectKeys;
import org.junit.jupiter.api.Test;

class CanaryRoutingTest {

    @Test
    void bucketIsTheFirst8BytesOfTheSha256ModuloTenThousand() throws Exception {
        for (String jobId : new String[] {"job-1", "a", "Überjob-ü", "x".repeat(200)}) {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(jobId.getBytes(StandardCharsets.UTF_8));
            java.math.BigInteger first8 = new java.math.BigInteger(1, java.util.Arrays.copyOf(hash, 8));
            assertEquals(first8.mod(java.math.BigInteger.valueOf(10_000)).intValue(), CanaryRouting.bucket(jobId),
                    jobId);
        }
    }

    @Test
    void edgesOfTheShare() {
        for (int i = 0; i < 500; i++) {
            String jobId = "job-" + i;
            assertFalse(CanaryRouting.toCanary(jobId, 0), "0 % takes nothing");
            assertTrue(CanaryRouting.toCanary(jobId, 100), "100 % takes everything");
            int bucket = CanaryRouting.bucket(jobId);
            assertEquals(bucket < 1000, CanaryRouting.toCanary(jobId, 10), jobId + " in bucket " + bucket);
        }
        assertThrows(IllegalArgumentException.class, () -> CanaryRouting.toCanary("j", 101));
        assertThrows(IllegalArgumentException.class, () -> CanaryRouting.toCanary("j", -1));
        assertThrows(IllegalArgumentException.class, () -> CanaryRouting.bucket(null));
    }

    @Test
    void aLargerShareKeepsEveryJobTheSmallerOneTook() {
        for (int i = 0; i < 2000; i++) {
            String jobId = "grow-" + i;
            if (CanaryRouting.toCanary(jobId, 5)) {
                assertTrue(CanaryRouting.toCanary(jobId, 20), jobId);
            }
        }
    }

    @Test
    void theShareIsRoughlyThePercentOverManyJobIds() {
        int n = 20_000;
        int taken = 0;
        for (int i = 0; i < n; i++) {
            taken += CanaryRouting.toCanary("share-" + i, 10) ? 1 : 0;
        }
        // binomial(20000, 0.1): sd = 42; 6 sd either side
        assertTrue(Math.abs(taken - 2000) < 260, "10 % of " + n + " job ids went to the canary: " + taken);
    }

    @Test
    void versionForPicksTheCanaryOnlyForItsBuckets() {
        ModelPublished latest = new ModelPublished("m", "v1",
                new ModelPublished.Location("udpm-models", ObjectKeys.modelPrefix("m", "v1")), "a".repeat(64),
                Instant.EPOCH, Map.of(), null);
        ModelPublished candidate = new ModelPublished("m", "v2",
                new ModelPublished.Location("udpm-models", ObjectKeys.modelPrefix("m", "v2")), "b".repeat(64),
                Instant.EPOCH, Map.of(), null);
        ModelPublished withCanary = latest.withCanary(ModelPublished.Canary.of(candidate, 30),
                ModelPublished.Rollout.CANARY);
        for (int i = 0; i < 300; i++) {
            String jobId = "v-" + i;
            assertEquals(CanaryRouting.bucket(jobId) < 3000 ? "v2" : "v1", CanaryRouting.versionFor(withCanary, jobId));
            assertEquals("v1", CanaryRouting.versionFor(latest, jobId));
        }
    }
}
