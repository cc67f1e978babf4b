package dev.udpm.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who this worker instance is, in every event it writes ({@code workerId} fields, CloudEvents {@code ce_source}).
 */
@ConfigMapping(prefix = "udpm.worker.instance")
public interface WorkerIdentity {

    /**
     * {@code udpm.worker.instance.id}: the worker id (letters, digits, '.', '_', '-'; at most 128 characters). In
     * Kubernetes the pod name ({@code HOSTNAME}) is unique per instance, which is what the default uses.
     */
    @WithDefault("${HOSTNAME:udpm-worker-local}")
    String id();

    /** The CloudEvents source of this worker's events, {@code /udpm/worker/{id}}. */
    default String cloudEventSource() {
        return "/udpm/worker/" + id();
    }
}
