package dev.udpm.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.udpm.schemas.Json;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP limits answered as problem details: a request line longer than {@code
 * quarkus.http.limits.max-initial-line-length} gets a 414 problem, a body announced longer than {@code
 * quarkus.http.limits.max-body-size} a 413 problem, both before any REST code runs (a body sent chunked past the
 * limit is refused by the REST layer and mapped by {@link ProblemMappers}).
 *
 * <p>Netty refuses an over-long request line itself, with a bare 414 that no Quarkus hook can replace; so its own
 * limit is raised to {@value #NETTY_LINE_FACTOR} times the configured one and this route enforces the configured
 * limit with a problem body. Only lines beyond that ceiling still get Netty's bare 414.
 */
@ApplicationScoped
public class HttpLimitProblems implements HttpServerOptionsCustomizer {

    /** Netty's request-line limit is this many times {@code max-initial-line-length}. */
    static final int NETTY_LINE_FACTOR = 16;

    private final int maxLine;
    private final long maxBody;

    @Inject
    public HttpLimitProblems(
            @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096") int maxLine,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.maxLine = maxLine;
        this.maxBody = maxBody.asLongValue();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setMaxInitialLineLength(Math.max(options.getMaxInitialLineLength(), maxLine * NETTY_LINE_FACTOR));
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        // method, URI and " HTTP/1.1": what Netty measures as the initial line
        int line = ctx.request().method().name().length() + 1 + ctx.request().uri().length() + 9;
        if (line > maxLine) {
            refuse(ctx, 414, "URI Too Long", "the request line is " + line + " characters long; at most " + maxLine
                    + " are accepted");
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long announced;
            try {
                announced = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                refuse(ctx, 400, "Bad Request", "Content-Length is not a number");
                return;
            }
            if (announced > maxBody) {
                refuse(ctx, 413, "Content Too Large", "the body is " + announced + " bytes; at most " + maxBody
                        + " are accepted");
                return;
            }
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, int status, String title, String detail) {
        String body;
        try {
            body = Json.mapper().writeValueAsString(Problems.problem(status, title, detail));
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + "}";
        }
        // the connection is closed once the answer is out: a refused body is not read
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body)
                .onComplete(done -> ctx.request().connection().close());
    }
}
