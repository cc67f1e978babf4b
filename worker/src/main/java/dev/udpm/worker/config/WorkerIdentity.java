package dev.udpm.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who this worker instance is, in every event it writes ({@code workerId} fields, CloudEvents {@code ce_source}).
 */
@ConfigMapping(prefix = "udpm.worker.instance")
public interface WorkerIdentity {

    /**
     * {@code udpm.worker.instance.id}: the worker id (letters, digits, '.', '_', '-'; at most 128 characters). It is
     * also the job intake's static group membership ({@code group.instance.id}), so it must be unique per live
     * worker and should survive a restart: in Kubernetes the pod name ({@code HOSTNAME}, set from
     * {@code metadata.name}), which the default uses; without {@code HOSTNAME} (a local run) a random id per start,
     * so two local workers never share one.
     */
    @WithDefault("${HOSTNAME:udpm-worker-${quarkus.uuid}}")
    String id();

    /** The CloudEvents source of this worker's events, {@code /udpm/worker/{id}}. */
    default String cloudEventSource() {
        return "/udpm/worker/" + id();
    }
}
