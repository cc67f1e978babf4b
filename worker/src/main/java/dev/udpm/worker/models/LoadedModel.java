package dev.udpm.worker.models;

import java.time.Instant;

/**
 * One loaded version as listed by {@code GET /v1/models}.
 *
 * @param name model name
 * @param version version
 * @param latest whether unpinned jobs for {@code name} go to this version
 * @param loadedAt when it finished loading and warm-up
 * @param imageSize image side in pixels
 * @param channels image channels
 * @param numClasses classes of a conditional model, 0 for an unconditional one
 * @param source where it came from: {@code bundled} or the object-store prefix
 * @param canaryPercent when this version is the canary: the percent of unpinned jobs it takes; else null
 */
public record LoadedModel(String name, String version, boolean latest, Instant loadedAt, int imageSize, int channels,
        int numClasses, String source, Integer canaryPercent) {

    /** A version that is not a canary. */
    public LoadedModel(String name, String version, boolean latest, Instant loadedAt, int imageSize, int channels,
            int numClasses, String source) {
        this(name, version, latest, loadedAt, imageSize, channels, numClasses, source, null);
    }
}
