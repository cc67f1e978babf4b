package dev.udpm.worker.batching;

import java.util.Objects;

/**
 * The exact model version a task needs. Tasks of different keys never share a batch: one chain call runs one
 * version's graph.
 *
 * @param name model name
 * @param version exact version (resolved before the job is queued, never "latest")
 */
public record ModelKey(String name, String version) {

    public ModelKey {
        Objects.requireNonNull(name, "model name must not be null");
        Objects.requireNonNull(version, "model version must not be null (resolve 'latest' before queueing)");
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
