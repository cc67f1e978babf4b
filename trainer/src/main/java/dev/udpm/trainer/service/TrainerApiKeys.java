package dev.udpm.trainer.service;

import java.util.List;

import dev.udpm.rest.ApiKeyAuthenticator;
import dev.udpm.trainer.config.TrainerApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The trainer's {@link ApiKeyAuthenticator} (used by the shared {@code dev.udpm.rest.ApiAuthFilter}): every key is
 * an admin key (a run replaces the model every worker serves; the trainer has no tenants).
 */
@ApplicationScoped
public class TrainerApiKeys {

    @Produces
    @Singleton
    ApiKeyAuthenticator authenticator(TrainerApiConfig config) {
        return new ApiKeyAuthenticator(config.authEnabled(), config.keys().orElse(List.of()), List.of(),
                "udpm.trainer.api");
    }
}
