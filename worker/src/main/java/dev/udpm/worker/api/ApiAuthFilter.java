package dev.udpm.worker.api;

import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authentication of the REST resources (everything under {@code /v1}); health, metrics and OpenAPI are served
 * outside the REST layer and stay open. A refused request gets a 401 problem saying what to send.
 */
@ApplicationScoped
public class ApiAuthFilter {

    private static final Logger LOG = Logger.getLogger(ApiAuthFilter.class);

    private final ApiKeyAuthenticator authenticator;

    @Inject
    public ApiAuthFilter(ApiConfig config) {
        this.authenticator = new ApiKeyAuthenticator(config.authEnabled(), config.keys().orElse(List.of()));
    }

    void onStart(@Observes StartupEvent event, ApiConfig config) {
        if (!config.authEnabled()) {
            LOG.warn("REST authentication is OFF (udpm.worker.api.auth-enabled=false): use this only locally");
        } else if (authenticator.lockedOut()) {
            LOG.error("REST authentication is on but udpm.worker.api.keys is empty: every /v1 request will get 401."
                    + " Set UDPM_WORKER_API_KEYS (comma-separated keys).");
        }
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        return authenticator.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                request.getHeaderString(ApiKeyAuthenticator.API_KEY_HEADER)).map(Problems::unauthorized);
    }
}
