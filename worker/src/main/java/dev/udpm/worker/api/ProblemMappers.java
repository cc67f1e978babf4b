package dev.udpm.worker.api;

import dev.udpm.schemas.validation.ContractViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the REST layer as problem details. */
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
                + "); the worker log has the details");
    }
}
