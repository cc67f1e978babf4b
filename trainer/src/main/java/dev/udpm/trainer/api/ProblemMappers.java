package dev.udpm.trainer.api;

import dev.udpm.rest.Problem;
import dev.udpm.rest.Problems;
import dev.udpm.trainer.runs.InvalidRunRequestException;
import dev.udpm.trainer.runs.RunConflictException;
import dev.udpm.trainer.runs.UnknownRunException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The runs API's own errors as problem details: 400 invalid, 404 unknown run, 409 conflict. Everything else (other
 * statuses, 500) is mapped by the shared {@code dev.udpm.rest.ProblemMappers}.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidRunRequestException e) {
        return Problems.invalidRequest(e.getMessage(), e.violations().stream()
                .map(v -> new Problem.FieldViolation(v.field(), v.rule(), v.message())).toList());
    }

    @ServerExceptionMapper
    public Response unknown(UnknownRunException e) {
        return Problems.of(404, "Not Found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(RunConflictException e) {
        return Problems.of(409, "Conflict", e.getMessage());
    }
}
