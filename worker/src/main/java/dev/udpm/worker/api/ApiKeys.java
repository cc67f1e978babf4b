package dev.udpm.worker.api;

import java.util.List;

import dev.udpm.rest.ApiKeyAuthenticator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The worker's {@link ApiKeyAuthenticator} (used by the shared {@code dev.udpm.rest.ApiAuthFilter}). */
@ApplicationScoped
public class ApiKeys {

    @Produces
    @Singleton
    ApiKeyAuthenticator authenticator(ApiConfig config) {
        return new ApiKeyAuthenticator(config.authEnabled(), config.keys().orElse(List.of()),
                config.tenantKeys().orElse(List.of()), "udpm.worker.api");
    }
}
