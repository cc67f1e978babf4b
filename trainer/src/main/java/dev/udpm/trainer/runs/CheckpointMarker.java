package dev.udpm.trainer.runs;

import java.time.Instant;
import java.util.List;

/**
 * {@code runs/{runId}/checkpoints/step-NNNNNNNNN/_COMPLETE.json}, written after every file of the checkpoint: a
 * checkpoint prefix without it is an interrupted upload and is never resumed from.
 *
 * @param step the checkpoint's step
 * @param files every file of the checkpoint folder (path relative to it) with its SHA-256 and size
 * @param uploaded when the upload finished
 */
public record CheckpointMarker(long step, List<File> files, Instant uploaded) {

    public CheckpointMarker {
        files = List.copyOf(files);
    }

    /** One uploaded file. */
    public record File(String path, String sha256, long size) {
    }
}
