package dev.udpm.trainer.api;

import dev.udpm.trainer.runs.InvalidRunRequestException;
import dev.udpm.trainer.runs.RunConflictException;
import dev.udpm.trainer.runs.UnknownRunException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the REST layer as problem details: 400 invalid, 404 unknown run, 409 conflict, 500 unexpected. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRunRequestException e) {
        return Problems.invalidRequest(e);
    }

    @ServerExceptionMapper
    public Response unknown(UnknownRunException e) {
        return Problems.of(404, "Not Found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(RunConflictException e) {
        return Problems.of(409, "Conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problems.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected error in a REST request", e);
        return Problems.of(500, "Internal Server Error", "unexpected error (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + "); the trainer log has the details");
    }
}
