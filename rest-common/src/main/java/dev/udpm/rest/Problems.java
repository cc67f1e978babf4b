package dev.udpm.rest;

import java.util.List;
import java.util.Locale;

import dev.udpm.schemas.validation.Violation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Builds the {@link Problem} responses of the REST APIs. */
public final class Problems {

    private Problems() {
    }

    /** 400: the body breaks a schema contract; lists every violation, the detail names the first field. */
    public static Response invalidRequest(List<Violation> violations) {
        Violation first = violations.get(0);
        String detail = (first.field().isEmpty() ? "the request body" : "field " + first.field()) + " ["
                + first.rule() + "]: " + first.message()
                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more violation(s))" : "");
        return invalidRequest(detail, violations.stream()
                .map(v -> new Problem.FieldViolation(v.field(), v.rule(), v.message())).toList());
    }

    /** 400 with the given detail and violations. */
    public static Response invalidRequest(String detail, List<Problem.FieldViolation> violations) {
        return response(new Problem(Problem.TYPE_PREFIX + "invalid-request", "Invalid request", 400, detail,
                violations));
    }

    /** 401 with a {@code WWW-Authenticate: Bearer realm="{realm}"} challenge. */
    public static Response unauthorized(String realm, String detail) {
        return Response.fromResponse(response(new Problem(Problem.TYPE_PREFIX + "unauthorized", "Unauthorized", 401,
                detail, null))).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"").build();
    }

    /**
     * 429 with {@code Retry-After: {retryAfterSeconds}} (RFC 9110 delay-seconds), type {@code .../too-many-requests}.
     *
     * @param detail which limit was reached and how to stay under it
     */
    public static Response tooManyRequests(String detail, long retryAfterSeconds) {
        return Response.fromResponse(of(429, "Too Many Requests", detail))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds))).build();
    }

    /** Any status with a generic type derived from the title. */
    public static Response of(int status, String title, String detail) {
        return response(problem(status, title, detail));
    }

    /** The problem of {@link #of}. */
    public static Problem problem(int status, String title, String detail) {
        return new Problem(Problem.TYPE_PREFIX + title.toLowerCase(Locale.ROOT).replace(' ', '-'), title, status,
                detail, null);
    }

    /** The response for {@code problem}. */
    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
