package dev.udpm.rest;

import java.security.Principal;
import java.util.Optional;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authentication of the REST resources (everything under {@code /v1}); health, metrics and OpenAPI are served
 * outside the REST layer and stay open. A refused request gets a 401 problem saying what to send; an accepted one
 * carries its {@link ApiCaller} as the request's {@link SecurityContext} principal. The app produces the
 * {@link ApiKeyAuthenticator} from its typed config (udpm.worker.api.*, udpm.trainer.api.*).
 */
@ApplicationScoped
public class ApiAuthFilter {

    private static final Logger LOG = Logger.getLogger(ApiAuthFilter.class);

    private final ApiKeyAuthenticator authenticator;
    private final String realm;

    @Inject
    public ApiAuthFilter(ApiKeyAuthenticator authenticator,
            @ConfigProperty(name = "quarkus.application.name") String realm) {
        this.authenticator = authenticator;
        this.realm = realm;
    }

    void onStart(@Observes StartupEvent event) {
        if (!authenticator.enabled()) {
            LOG.warnf("REST authentication is OFF (%s.auth-enabled=false): use this only locally",
                    authenticator.configPrefix());
        } else if (authenticator.lockedOut()) {
            LOG.errorf("REST authentication is on but %s.keys is empty: every /v1 request will get 401. Set the"
                    + " keys from a secret (comma-separated).", authenticator.configPrefix());
        }
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        ApiKeyAuthenticator.Authentication result = authenticator.authenticate(
                request.getHeaderString(HttpHeaders.AUTHORIZATION),
                request.getHeaderString(ApiKeyAuthenticator.API_KEY_HEADER));
        if (!result.authenticated()) {
            return Optional.of(Problems.unauthorized(realm, result.refusal()));
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new CallerContext(result.caller(), secure));
        return Optional.empty();
    }

    private record CallerContext(ApiCaller caller, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return ApiCaller.ADMIN_ROLE.equals(role) && caller.isAdmin();
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
