package dev.udpm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;

/**
 * The worker's REST front door ({@code /v1}): {@code POST /v1/jobs}, {@code GET /v1/jobs/{id}},
 * {@code DELETE /v1/jobs/{id}}, {@code GET /v1/jobs/{id}/events} (Server-Sent Events), {@code GET /v1/models}. Errors come back as RFC 9457 problem details
 * ({@code title}, {@code detail}, {@code violations[].field}); they become {@link CliException}s with the
 * matching exit code and the server's own explanation.
 */
public final class ApiClient {

    /** Header carrying the key besides {@code Authorization: Bearer} (the worker accepts either). */
    public static final String API_KEY_HEADER = "X-API-Key";

    private final URI base;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param baseUrl e.g. {@code http://127.0.0.1:8080}
     * @param apiKey  sent as bearer token and {@value #API_KEY_HEADER}, or {@code null}
     */
    public ApiClient(String baseUrl, String apiKey, Duration connectTimeout) {
        String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(trimmed);
        this.apiKey = apiKey;
        this.timeout = connectTimeout.plusSeconds(12);
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        Reachability.requireHttp("The REST API", trimmed, connectTimeout, "--api URL or UDPM_API_URL");
    }

    /** {@code POST /v1/jobs} with a JSON body; returns the 202 answer ({@code jobId}, {@code status}). */
    public JsonNode submit(String json) {
        return send(request("/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), "submit the job");
    }

    /** {@code GET /v1/jobs/{jobId}}: {@code {jobId, status: completed|pending, manifest?, detail?}}. */
    public JsonNode jobStatus(String jobId) {
        return send(request("/v1/jobs/" + jobId).GET(), "look up job " + jobId);
    }

    /** {@code DELETE /v1/jobs/{jobId}}. */
    public JsonNode cancel(String jobId) {
        return send(request("/v1/jobs/" + jobId).DELETE(), "cancel job " + jobId);
    }

    /**
     * {@code GET /v1/jobs/{jobId}/events} (Server-Sent Events): hands every event of the stream to {@code listener}
     * until the server ends the stream (or the connection breaks), {@code until} ({@link System#nanoTime()}) passes
     * (checked as lines arrive; the server sends a heartbeat while idle), or the listener returns false.
     *
     * @param lastEventId sent as {@code Last-Event-ID} (resume after that event), or null for the whole stream
     * @return false if the job is not visible (404: unknown, still queued, or another tenant's), true otherwise
     * @throws CliException for any other refusal, with the server's explanation
     */
    public boolean followEvents(String jobId, String lastEventId, long until,
                                Predicate<SseLines.Event> listener) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve("/v1/jobs/" + jobId + "/events"))
                .timeout(timeout).header("Accept", "text/event-stream, application/problem+json");
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey).header(API_KEY_HEADER, apiKey);
        }
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        HttpRequest request = builder.GET().build();
        HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines(),
                "follow the events of job " + jobId);
        try (Stream<String> lines = response.body()) {
            int status = response.statusCode();
            if (status == 404) {
                return false;
            }
            if (status != 200) {
                String raw = String.join("\n", lines.limit(200).toList());
                refuse(request, status, raw);
            }
            SseLines parser = new SseLines();
            Iterator<String> it = lines.iterator();
            while (System.nanoTime() - until < 0 && it.hasNext()) {
                SseLines.Event event = parser.line(it.next());
                if (event != null && !listener.test(event)) {
                    break;
                }
            }
            return true;
        } catch (UncheckedIOException e) {
            return true; // the connection broke mid-stream: the caller reconnects with the last id it saw
        }
    }

    /** {@code GET /v1/models}: the versions loaded on the worker that answers. */
    public JsonNode models() {
        return send(request("/v1/models").GET(), "list the loaded models");
    }

    /** The API's base URL. */
    public URI base() {
        return base;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json");
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey).header(API_KEY_HEADER, apiKey);
        }
        return builder;
    }

    private JsonNode send(HttpRequest.Builder builder, String what) {
        HttpRequest request = builder.build();
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
                what);
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return body;
        }
        refuse(request, status, response.body());
        return body;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "the REST API at " + base + " is not reachable ("
                    + e.getClass().getSimpleName() + "): " + Reachability.START_HINT + ", or set --api URL / UDPM_API_URL");
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "the REST API at " + base + " did not answer " + request.method()
                    + " " + request.uri().getPath() + " within " + Reachability.seconds(timeout));
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "the REST API at " + base + " failed to " + what + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.SOFTWARE, "interrupted while trying to " + what);
        }
    }

    /** Throws the {@link CliException} for a non-2xx answer: exit code by status, the problem's explanation. */
    private static void refuse(HttpRequest request, int status, String raw) {
        String detail = problemText(parse(raw), raw);
        String prefix = request.method() + " " + request.uri() + " answered " + status + ": ";
        if (status == 401 || status == 403) {
            throw new CliException(ExitCodes.NO_PERMISSION, prefix + detail + " (pass a key with --api-key or UDPM_API_KEY)");
        }
        if (status == 400 || status == 415 || status == 422) {
            throw new CliException(ExitCodes.INVALID_INPUT, prefix + detail);
        }
        if (status == 404 || status == 405) {
            throw new CliException(ExitCodes.NOT_FOUND, prefix + detail);
        }
        throw new CliException(ExitCodes.UNAVAILABLE, prefix + detail);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return Json.mapper().createObjectNode();
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return Json.mapper().getNodeFactory().textNode(body);
        }
    }

    /** {@code detail} plus one line per violation ({@code field [rule]: message}), or the raw body. */
    static String problemText(JsonNode problem, String raw) {
        if (!problem.isObject() || (!problem.has("detail") && !problem.has("title"))) {
            if (raw == null || raw.isBlank()) {
                return "(no body)";
            }
            String text = raw.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
            return text.length() > 300 ? text.substring(0, 300) + " ..." : text;
        }
        StringBuilder text = new StringBuilder(problem.path("detail").asText(problem.path("title").asText()));
        for (JsonNode v : problem.path("violations")) {
            String field = v.path("field").asText();
            text.append("\n  ").append(field.isEmpty() ? "(body)" : field).append(" [").append(v.path("rule").asText())
                    .append("]: ").append(v.path("message").asText());
        }
        return text.toString();
    }
}
