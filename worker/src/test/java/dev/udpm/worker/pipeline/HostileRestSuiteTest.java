package dev.udpm.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import dev.udpm.rest.ApiKeyAuthenticator;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.storage.ObjectInfo;
import dev.udpm.storage.ObjectStore;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input suite of the REST front door (issue 14), the HTTP twin of {@link HostileInputSuiteTest}: replays
 * the same classes of bad job bodies through {@code POST /v1/jobs}, plus what only HTTP has - auth bypass attempts,
 * another tenant's key, bad media types, oversized bodies, URIs and headers - against the real worker, broker and
 * object store with API-key auth on (the {@code %test} keys), a valid job after every class. Prints per class: tried,
 * 2xx (a bad request let through), 4xx, 5xx, hung (no answer in {@value #ANSWER_SECONDS} s), then whether the valid
 * jobs completed, whether the worker is still live and ready, and the objects outside {@code jobs/{jobId}/}.
 *
 * <p>The normal test run sends {@value HostileInputSuiteTest#FAST_SLICE} body per Kafka class and every HTTP-only
 * attempt; the whole suite is {@code ./mvnw -B -pl worker -am test -Dtest=HostileRestSuiteTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dudpm.hostile.per-class=25}.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class HostileRestSuiteTest extends EndToEndTest {

    static final int ANSWER_SECONDS = 15;
    private static final String ADMIN = "test-key-1";
    private static final String ACME = "acme-test-key";
    private static final String GLOBEX = "globex-test-key";
    private static final String MODEL = PipelineEndToEndTest.MODEL;
    private static final Pattern IN_A_JOB = Pattern.compile("jobs/[A-Za-z0-9][A-Za-z0-9._-]{0,127}/.+");
    /** Kafka-only classes: their HTTP equivalents are the HTTP-only classes below. */
    private static final List<String> KAFKA_ONLY = List.of("bad-headers", "oversized", "forged-keys");

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectStore store;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** One attempt: method, path (with query), headers as name/value pairs, body (null for none). */
    record Attempt(String method, String path, List<String> headers, byte[] body) {
    }

    /** What an attempt got: an HTTP status, or -1 when no answer came in time. */
    private int send(Attempt a) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + a.path()))
                .timeout(Duration.ofSeconds(ANSWER_SECONDS))
                .method(a.method(), a.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(a.body()));
        for (int i = 0; i < a.headers().size(); i += 2) {
            request.header(a.headers().get(i), a.headers().get(i + 1));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            return -1;
        } catch (IOException e) {
            // The server closed the connection without an answer (e.g. a request line past Netty's own ceiling).
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<String> json(String key) {
        return List.of("Content-Type", "application/json", ApiKeyAuthenticator.API_KEY_HEADER, key);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The attempts of every class, given a job of tenant acme that other callers try to reach. */
    private Map<String, List<Attempt>> classes(String acmeJob) {
        int perClass = Integer.getInteger("udpm.hostile.per-class", HostileInputSuiteTest.FAST_SLICE);
        Map<String, List<Attempt>> classes = new LinkedHashMap<>();
        for (Map.Entry<String, BiFunction<Integer, String, HostileInputSuiteTest.Bad>> kind
                : HostileInputSuiteTest.classes().entrySet()) {
            if (KAFKA_ONLY.contains(kind.getKey())) {
                continue;
            }
            List<Attempt> attempts = new ArrayList<>();
            for (int i = 0; i < perClass; i++) {
                String id = "hostile-rest-" + kind.getKey() + "-" + i + "-" + UUID.randomUUID();
                attempts.add(new Attempt("POST", "/v1/jobs", json(ADMIN), kind.getValue().apply(i, id).value()));
            }
            classes.put(kind.getKey(), attempts);
        }
        byte[] valid = utf8(Requests.generate("hostile-rest-auth-" + UUID.randomUUID(), MODEL, 1, 1, ""));
        String basic = Base64.getEncoder().encodeToString(utf8(ADMIN + ":"));
        List<Attempt> auth = new ArrayList<>();
        List<List<String>> credentials = List.of(List.of(), List.of("Authorization", "Bearer"),
                List.of("Authorization", "Bearer  "), List.of("Authorization", "Basic " + basic),
                List.of("Authorization", "Bearer " + ADMIN + "x"), List.of("Authorization", "Bearer test-key"),
                List.of("Authorization", "Bearer " + ADMIN.toUpperCase()), List.of("Authorization", "Bearer *"),
                List.of(ApiKeyAuthenticator.API_KEY_HEADER, ""), List.of(ApiKeyAuthenticator.API_KEY_HEADER, "%"),
                List.of("X-Forwarded-For", "127.0.0.1"), List.of("X-Real-IP", "127.0.0.1"),
                List.of("Authorization", "Bearer " + ADMIN.substring(0, ADMIN.length() - 1)));
        for (List<String> credential : credentials) {
            List<String> post = new ArrayList<>(List.of("Content-Type", "application/json"));
            post.addAll(credential);
            auth.add(new Attempt("POST", "/v1/jobs", post, valid));
            auth.add(new Attempt("GET", "/v1/jobs/" + acmeJob, credential, null));
            auth.add(new Attempt("DELETE", "/v1/jobs/" + acmeJob, credential, null));
            auth.add(new Attempt("GET", "/v1/models", credential, null));
        }
        for (String query : List.of("?api_key=", "?apiKey=", "?access_token=", "?key=")) {
            auth.add(new Attempt("GET", "/v1/jobs/" + acmeJob + query + ADMIN, List.of(), null));
        }
        for (String path : List.of("/v1/jobs/" + acmeJob + "/", "//v1/jobs/" + acmeJob, "/v1/./jobs/" + acmeJob,
                "/v1/models/../jobs/" + acmeJob, "/v1/jobs;x=y/" + acmeJob, "/v1/jobs/" + acmeJob + ";jsessionid=1",
                "/v1/jobs/%2e%2e/models", "/V1/JOBS/" + acmeJob, "/q/dev-ui", "/q/dev")) {
            auth.add(new Attempt("GET", path, List.of(), null));
        }
        auth.add(new Attempt("GET", "/v1/jobs/" + acmeJob, List.of("X-HTTP-Method-Override", "DELETE"), null));
        classes.put("auth-bypass", auth);

        List<Attempt> tenant = new ArrayList<>();
        tenant.add(new Attempt("GET", "/v1/jobs/" + acmeJob, json(GLOBEX), null));
        tenant.add(new Attempt("DELETE", "/v1/jobs/" + acmeJob, json(GLOBEX), null));
        tenant.add(new Attempt("GET", "/v1/jobs/" + acmeJob, List.of("X-HTTP-Method-Override", "DELETE",
                ApiKeyAuthenticator.API_KEY_HEADER, GLOBEX), null));
        tenant.add(new Attempt("POST", "/v1/jobs", json(GLOBEX), utf8("{\"type\":\"cancel\",\"jobId\":\"" + acmeJob
                + "\",\"submittedAt\":\"2025-01-31T12:00:00Z\"}")));
        tenant.add(new Attempt("POST", "/v1/jobs", json(GLOBEX), utf8(Requests.generate("hostile-rest-t-"
                + UUID.randomUUID(), MODEL, 1, 1, "\"tenant\":\"acme\""))));
        classes.put("other-tenant", tenant);

        classes.put("media-type", List.of(
                new Attempt("POST", "/v1/jobs", List.of("Content-Type", "text/plain",
                        ApiKeyAuthenticator.API_KEY_HEADER, ADMIN), valid),
                new Attempt("POST", "/v1/jobs", List.of(ApiKeyAuthenticator.API_KEY_HEADER, ADMIN), valid),
                new Attempt("POST", "/v1/jobs", List.of("Content-Type", "application/xml",
                        ApiKeyAuthenticator.API_KEY_HEADER, ADMIN), utf8("<job/>")),
                new Attempt("POST", "/v1/jobs", json(ADMIN), new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'})));

        byte[] huge = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        String bigString = "\"" + "x".repeat(2_000_000) + "\"";
        classes.put("oversized-http", List.of(
                new Attempt("POST", "/v1/jobs", json(ADMIN), huge),
                new Attempt("POST", "/v1/jobs", json(ADMIN), utf8(Requests.generate("hostile-rest-big-"
                        + UUID.randomUUID(), MODEL, 1, 1, "\"note\":" + bigString))),
                new Attempt("GET", "/v1/jobs/" + "a".repeat(5000), json(ADMIN), null),
                new Attempt("GET", "/v1/models?q=" + "a".repeat(20_000), json(ADMIN), null),
                new Attempt("GET", "/v1/models", List.of(ApiKeyAuthenticator.API_KEY_HEADER, ADMIN,
                        "X-Padding", "p".repeat(100_000)), null)));
        return classes;
    }

    @Test
    void everyHostileRequestIsA4xxNothingHangsEscapesOrCrashesAndValidJobsComplete() {
        String acmeJob = "hostile-rest-acme-" + UUID.randomUUID();
        assertEquals(202, send(new Attempt("POST", "/v1/jobs", json(ACME),
                utf8(Requests.generate(acmeJob, MODEL, 2, 3, "\"classLabels\":[1]")))), "the target job is accepted");
        topics.awaitTerminal(acmeJob, PipelineEndToEndTest.WAIT);

        StringBuilder table = new StringBuilder(String.format("%n%-16s %6s %5s %5s %5s %5s%n", "class", "tried", "2xx",
                "4xx", "5xx", "hung"));
        List<String> valid = new ArrayList<>();
        int through = 0;
        int serverErrors = 0;
        int hung = 0;
        List<String> letThrough = new ArrayList<>();
        List<String> refusedValid = new ArrayList<>();
        for (Map.Entry<String, List<Attempt>> kind : classes(acmeJob).entrySet()) {
            int[] counts = new int[4];
            for (Attempt attempt : kind.getValue()) {
                int status = send(attempt);
                if (status >= 200 && status < 300) {
                    counts[0]++;
                    letThrough.add(kind.getKey() + ": " + attempt.method() + " " + cut(attempt.path()) + " "
                            + cut(String.valueOf(attempt.headers())) + " -> " + status);
                } else if (status >= 400 && status < 500) {
                    counts[1]++;
                } else if (status >= 500) {
                    counts[2]++;
                    letThrough.add(kind.getKey() + ": " + attempt.method() + " " + cut(attempt.path()) + " -> "
                            + status);
                } else {
                    counts[3]++;
                    letThrough.add(kind.getKey() + ": " + attempt.method() + " " + cut(attempt.path())
                            + (status == 0 ? " -> connection closed without an answer" : " -> no answer"));
                }
            }
            through += counts[0];
            serverErrors += counts[2];
            hung += counts[3];
            table.append(String.format("%-16s %6d %5d %5d %5d %5d%n", kind.getKey(), kind.getValue().size(),
                    counts[0], counts[1], counts[2], counts[3]));
            String good = "hostile-rest-valid-" + UUID.randomUUID();
            Attempt submit = new Attempt("POST", "/v1/jobs", json(ACME),
                    utf8(Requests.generate(good, MODEL, 1, valid.size(), "\"classLabels\":[2]")));
            int accepted = send(submit);
            if (accepted == 0) {
                // the server closed a connection it refused a body on; a client retries on a new one
                accepted = send(submit);
            }
            if (accepted == 202) {
                valid.add(good);
            } else {
                refusedValid.add(kind.getKey() + " -> " + accepted);
            }
        }
        int completed = 0;
        for (String good : valid) {
            if (topics.awaitTerminal(good, PipelineEndToEndTest.WAIT).stream().filter(JobEvent::terminal)
                    .anyMatch(e -> e.eventType().equals("completed"))) {
                completed++;
            }
        }
        boolean acmeJobIntact = topics.currentEvents(acmeJob).stream().filter(JobEvent::terminal)
                .allMatch(e -> e.eventType().equals("completed"));
        int live = send(new Attempt("GET", "/q/health/live", List.of(), null));
        int ready = send(new Attempt("GET", "/q/health/ready", List.of(), null));
        for (int i = 0; i < 30 && ready != 200; i++) {
            // a cached check's first probe may still be running on a loaded machine
            sleep();
            ready = send(new Attempt("GET", "/q/health/ready", List.of(), null));
        }
        List<String> escaped = store.list("").stream().map(ObjectInfo::key)
                .filter(key -> !IN_A_JOB.matcher(key).matches() && !key.startsWith("models/")
                        && !key.startsWith("dead-letters/")).toList();
        table.append(String.format("valid jobs: %d accepted %s, %d completed; other tenant's job untouched: %s; crashed: %s;"
                + " objects outside jobs/{jobId}/: %d %s%n", valid.size(), refusedValid.isEmpty() ? ""
                : "(refused after: " + refusedValid + ")", completed, acmeJobIntact,
                live == 200 && ready == 200 ? "no" : "live " + live + ", ready " + ready, escaped.size(), escaped));
        if (ready != 200) {
            table.append("  readiness: ").append(io.restassured.RestAssured.get("/q/health/ready").asString())
                    .append('\n');
        }
        letThrough.forEach(line -> table.append("  ").append(line).append('\n'));
        System.out.println(table);

        assertEquals(0, through, "bad requests let through" + table);
        assertEquals(0, serverErrors, "5xx answers" + table);
        assertEquals(0, hung, "requests without an answer" + table);
        assertEquals(List.of(), refusedValid, "valid jobs refused" + table);
        assertEquals(valid.size(), completed, "valid jobs completed" + table);
        assertEquals(true, acmeJobIntact, "another tenant could not cancel the job" + table);
        assertEquals(200, live, table.toString());
        assertEquals(200, ready, table.toString());
        assertEquals(List.of(), escaped, table.toString());
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
