package dev.udpm.rest;

import dev.udpm.schemas.validation.ContractViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The errors every REST API shares, as problem details: a broken contract (400), any JAX-RS status (404 of an unknown
 * path, 405, 413 of a body over {@code quarkus.http.limits.max-body-size}, ...) and anything unexpected (500, whose
 * detail says nothing about the server; the log has the stack trace). The apps map their own exceptions.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response contractViolation(ContractViolationException e) {
        return Problems.invalidRequest(e.violations());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problems.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected error in a REST request", e);
        return Problems.of(500, "Internal Server Error", "unexpected error (" + e.getClass().getSimpleName()
                + "); the service log has the details");
    }
}
