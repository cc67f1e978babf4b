package dev.udpm.bench.fairness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the worker's {@code udpm_tenant_images_queued{tenant=...}} gauge from {@code /q/metrics}: the images of a
 * tenant still waiting in the batcher.
 */
final class QueuedGauge {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private QueuedGauge() {
    }

    /**
     * Polls until {@code tenant} has no image queued; returns the ms from {@code sinceNanos} ({@link System#nanoTime})
     * to the first reading of 0, or NaN if that does not happen within {@code timeout}.
     */
    static double awaitZero(int port, String tenant, Duration timeout, long sinceNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long shownBy = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            double value = read(port, tenant);
            if (value == 0) {
                return (System.nanoTime() - sinceNanos) / 1e6;
            }
            if (value < 0 && System.nanoTime() > shownBy) {
                return Double.NaN; // a worker without the gauge
            }
            Thread.sleep(10);
        }
        return Double.NaN;
    }

    /** The gauge's value, or -1 if the worker does not show it (yet). */
    static double read(int port, String tenant) throws InterruptedException {
        String prefix = "udpm_tenant_images_queued{tenant=\"" + tenant + "\"}";
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith(prefix)) {
                    return Double.parseDouble(line.substring(prefix.length()).strip());
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
