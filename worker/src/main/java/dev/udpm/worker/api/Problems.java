package dev.udpm.worker.api;

import java.util.List;

import dev.udpm.schemas.validation.Violation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Builds the {@link Problem} responses of the API. */
public final class Problems {

    private Problems() {
    }

    /** 400: the body breaks the job-request contract; lists every violation, the detail names the first field. */
    public static Response invalidRequest(List<Violation> violations) {
        Violation first = violations.get(0);
        String detail = (first.field().isEmpty() ? "the request body" : "field " + first.field()) + " ["
                + first.rule() + "]: " + first.message()
                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more violation(s))" : "");
        return response(new Problem(Problem.TYPE_PREFIX + "invalid-request", "Invalid request", 400, detail,
                violations.stream().map(v -> new Problem.FieldViolation(v.field(), v.rule(), v.message())).toList()));
    }

    /** 401 with a {@code WWW-Authenticate} challenge. */
    public static Response unauthorized(String detail) {
        return Response.fromResponse(response(new Problem(Problem.TYPE_PREFIX + "unauthorized", "Unauthorized", 401,
                detail, null))).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"udpm-worker\"").build();
    }

    /** Any status with a generic type derived from it. */
    public static Response of(int status, String title, String detail) {
        return response(new Problem(Problem.TYPE_PREFIX + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'),
                title, status, detail, null));
    }

    /** The response for {@code problem}. */
    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
