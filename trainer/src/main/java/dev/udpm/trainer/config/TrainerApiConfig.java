package dev.udpm.trainer.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The trainer's REST API ({@code /v1/runs}); health, metrics and the OpenAPI document are always open. The keys are
 * checked by the shared {@code dev.udpm.rest.ApiAuthFilter}, as the worker's are.
 */
@ConfigMapping(prefix = "udpm.trainer.api")
public interface TrainerApiConfig {

    /**
     * {@code udpm.trainer.api.auth-enabled}: require a key from {@link #keys()} on every {@code /v1} request, as
     * {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. Only the {@code local} profile turns it off.
     */
    @WithDefault("true")
    boolean authEnabled();

    /**
     * {@code udpm.trainer.api.keys}: accepted API keys, comma-separated (set it from a secret, e.g.
     * {@code UDPM_TRAINER_API_KEYS}). Every key may start, stop and resume runs (a run replaces the model every
     * worker serves). With auth enabled and no keys, every {@code /v1} request is refused.
     */
    Optional<List<String>> keys();
}
