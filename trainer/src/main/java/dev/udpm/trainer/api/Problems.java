package dev.udpm.trainer.api;

import dev.udpm.trainer.runs.InvalidRunRequestException;
import java.util.Locale;
import jakarta.ws.rs.core.Response;

/** Builds the {@link Problem} responses of the API. */
final class Problems {

    private Problems() {
    }

    /** 400: every violation; the detail names the first field. */
    static Response invalidRequest(InvalidRunRequestException e) {
        return response(new Problem(Problem.TYPE_PREFIX + "invalid-request", "Invalid request", 400, e.getMessage(),
                e.violations().stream().map(v -> new Problem.FieldViolation(v.field(), v.rule(), v.message()))
                        .toList()));
    }

    /** Any status with a generic type derived from the title. */
    static Response of(int status, String title, String detail) {
        return response(new Problem(Problem.TYPE_PREFIX + title.toLowerCase(Locale.ROOT).replace(' ', '-'), title,
                status, detail, null));
    }

    private static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
