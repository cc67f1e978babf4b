package dev.udpm.rest;

import java.util.Optional;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request that carries a body must say what it is: without a {@code Content-Type} header the REST layer would read
 * the bytes as the resource's media type, so a client that forgot the header (curl's {@code -d} sends a form type,
 * some clients send none) would be served by a guess. It gets a 415 problem naming the header to send instead.
 * Runs after authentication, so an unauthenticated caller still learns nothing but 401.
 */
public class MediaTypeRequired {

    @ServerRequestFilter(priority = Priorities.HEADER_DECORATOR)
    public Optional<Response> requireContentType(ContainerRequestContext request) {
        boolean body = request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
        if (body && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null) {
            return Optional.of(Problems.of(415, "Unsupported Media Type", "header Content-Type: the request has a"
                    + " body but no Content-Type; send Content-Type: application/json"));
        }
        return Optional.empty();
    }
}
