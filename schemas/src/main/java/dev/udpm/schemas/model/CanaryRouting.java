package dev.udpm.schemas.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which jobs a canary takes: a pure function of the jobId, so every worker (and any tool) gives the same answer.
 * The jobId's UTF-8 bytes are hashed with SHA-256; the first 8 bytes, read as an unsigned big-endian number,
 * modulo {@value #BUCKETS} give the job's bucket; a canary of {@code p} percent takes buckets {@code 0 ..
 * p * 100 - 1}. Raising the share keeps every job that went to the canary there.
 */
public final class CanaryRouting {

    /** Number of hash buckets (so a share has a resolution of 0.01 %). */
    public static final int BUCKETS = 10_000;

    private CanaryRouting() {
    }

    /** The bucket of {@code jobId}, {@code 0 .. BUCKETS - 1}. */
    public static int bucket(String jobId) {
        if (jobId == null) {
            throw new IllegalArgumentException("jobId must not be null");
        }
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(jobId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        long first8 = 0;
        for (int i = 0; i < 8; i++) {
            first8 = (first8 << 8) | (hash[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(first8, BUCKETS);
    }

    /** Whether an unpinned job {@code jobId} goes to a canary taking {@code percent} % (0..100) of them. */
    public static boolean toCanary(String jobId, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent = " + percent + " must be within 0..100");
        }
        return bucket(jobId) < percent * (BUCKETS / 100);
    }

    /** The version an unpinned job {@code jobId} gets under {@code announcement}: the canary's or the latest. */
    public static String versionFor(ModelPublished announcement, String jobId) {
        ModelPublished.Canary canary = announcement.canary();
        return canary != null && toCanary(jobId, canary.percent()) ? canary.version() : announcement.version();
    }
}
