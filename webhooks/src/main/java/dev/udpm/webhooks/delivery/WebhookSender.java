package dev.udpm.webhooks.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One POST of a signed webhook: no redirects followed (a 3xx is a failed attempt), bounded connect and request
 * time, at most {@code maxResponseBytes} of the response body read. The body itself is dropped: only the status
 * decides.
 */
public final class WebhookSender implements AutoCloseable {

    /** The outcome of one attempt: an HTTP status, or -1 with the I/O error's class and message. */
    public record Result(int status, String error) {

        /** Whether the receiver took the event (2xx). */
        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        /** A short text for logs and dead letters. */
        public String describe() {
            return status >= 0 ? "HTTP " + status : error;
        }
    }

    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhooks-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client;
    private final Duration requestTimeout;
    private final int maxResponseBytes;

    public WebhookSender(Duration connectTimeout, Duration requestTimeout, int maxResponseBytes) {
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** POSTs {@code body} with the Standard Webhooks headers; never throws for network trouble. */
    public Result post(URI uri, String webhookId, long timestampSeconds, String signature, byte[] body)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("content-type", "application/json")
                .header("user-agent", "udpm-webhooks/1")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                in.readNBytes(maxResponseBytes); // bounded; closing drops the rest
            } catch (IOException ignored) {
                // the status is in; a body cut short does not change it
            }
            return new Result(response.statusCode(), null);
        } catch (IOException e) {
            return new Result(-1, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow(); // Java 17's HttpClient has no close of its own
    }
}
