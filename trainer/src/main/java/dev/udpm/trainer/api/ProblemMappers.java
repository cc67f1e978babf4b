package dev.udpm.trainer.api;

import dev.udpm.rest.Problem;
import dev.udpm.rest.Problems;
import dev.udpm.schemas.model.RolloutRefusedException;
import dev.udpm.trainer.rollout.UnknownModelException;
import dev.udpm.trainer.runs.InvalidRunRequestException;
import dev.udpm.trainer.runs.RunConflictException;
import dev.udpm.trainer.runs.UnknownRunException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The trainer API's own errors as problem details: 400 invalid, 404 unknown run or model, 409 conflict, 422 a
 * rollout refused by the quality gate. Everything else (other
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

    @ServerExceptionMapper
    public Response unknownModel(UnknownModelException e) {
        return Problems.of(404, "Not Found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response refused(RolloutRefusedException e) {
        return switch (e.reason()) {
            case QUALITY -> Problems.of(422, "Unprocessable Content", e.getMessage());
            case NOT_STORED -> Problems.of(404, "Not Found", e.getMessage());
            case CONFLICT, INVALID_MANIFEST -> Problems.of(409, "Conflict", e.getMessage());
        };
    }
}
