package dev.udpm.webhooks.delivery;

import java.net.URI;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jboss.logging.Logger;

/**
 * Records every attempt and every final outcome: one log line each (URL shown as scheme, host, port and path:
 * never its query, which may carry a token; never a secret or a signature) and the metrics
 * {@code udpm_webhooks_attempts_total{outcome}}, {@code udpm_webhooks_attempt_seconds} and
 * {@code udpm_webhooks_deliveries_total{result}}.
 */
public final class AttemptLog {

    private static final Logger LOG = Logger.getLogger(AttemptLog.class);
    private final MeterRegistry registry;
    private final Timer attemptTime;

    public AttemptLog(MeterRegistry registry) {
        this.registry = registry;
        this.attemptTime = Timer.builder("udpm.webhooks.attempt").description("Time of one webhook POST")
                .register(registry);
    }

    /** One POST and its outcome. */
    public void attempt(String jobId, String webhookId, String eventType, URI uri, int attempt,
            WebhookSender.Result result, Duration took) {
        attemptTime.record(took);
        String outcome = result.delivered() ? "delivered" : result.status() >= 0 ? "http_error" : "io_error";
        Counter.builder("udpm.webhooks.attempts").tag("outcome", outcome).register(registry).increment();
        if (result.delivered()) {
            LOG.infof("webhook %s job %s %s attempt %d -> %s: %s in %d ms", webhookId, jobId, eventType, attempt,
                    safe(uri), result.describe(), took.toMillis());
        } else {
            LOG.warnf("webhook %s job %s %s attempt %d -> %s: %s in %d ms", webhookId, jobId, eventType, attempt,
                    safe(uri), result.describe(), took.toMillis());
        }
    }

    /** The final outcome of one event: {@code delivered}, {@code dead_lettered} or {@code skipped}. */
    public void outcome(String result) {
        Counter.builder("udpm.webhooks.deliveries").tag("result", result).register(registry).increment();
    }

    /** A dead letter written. */
    public void deadLettered(DeadLetter dead) {
        outcome("dead_lettered");
        LOG.errorf("webhook %s job %s %s dead-lettered after %d attempts: %s (%s)", dead.webhookId(), dead.jobId(),
                dead.eventType(), dead.attempts(), dead.reason(), dead.detail());
    }

    /** {@code uri} without user info, query or fragment. */
    public static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
