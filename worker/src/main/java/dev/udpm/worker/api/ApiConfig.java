package dev.udpm.worker.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The REST front door ({@code /v1/...}); health, metrics and the OpenAPI document are always open. */
@ConfigMapping(prefix = "udpm.worker.api")
public interface ApiConfig {

    /**
     * {@code udpm.worker.api.auth-enabled}: require a key from {@link #keys()} on every {@code /v1} request, as
     * {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. Only the {@code local} profile turns it off.
     */
    @WithDefault("true")
    boolean authEnabled();

    /**
     * {@code udpm.worker.api.keys}: admin API keys / bearer tokens, comma-separated (set it from a secret, e.g.
     * {@code UDPM_WORKER_API_KEYS}); an admin sees and cancels every job. With auth enabled and no key at all, every
     * {@code /v1} request is refused.
     */
    Optional<List<String>> keys();

    /**
     * {@code udpm.worker.api.tenant-keys}: keys bound to a tenant, comma-separated entries {@code tenant:key} (set
     * from a secret, e.g. {@code UDPM_WORKER_API_TENANT_KEYS}). A tenant key's jobs are stamped with its tenant; it
     * sees and cancels only its tenant's jobs. The keys of {@code udpm.worker.api.keys} are admin keys: they see
     * every job.
     */
    Optional<List<String>> tenantKeys();

    /**
     * {@code udpm.worker.api.submit-timeout}: how long {@code POST /v1/jobs} waits for Kafka to acknowledge the
     * job before answering 503.
     */
    @WithDefault("PT10S")
    Duration submitTimeout();
}
