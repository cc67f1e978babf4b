package dev.udpm.webhooks.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the webhook delivery service ({@code udpm.webhooks.*}). Kafka itself is configured with the
 * usual {@code kafka.*} keys (bootstrap servers, SASL, TLS), shared with the other services.
 */
@ConfigMapping(prefix = "udpm.webhooks")
public interface WebhooksConfig {

    /** Whether the delivery loop runs (off only for tests of single classes inside the application). */
    @WithDefault("true")
    boolean enabled();

    /** Consumer group on {@code udpm.job-events}; every instance of the service joins it. */
    @WithDefault("udpm-webhooks")
    String groupId();

    /**
     * The fleet's signing secret, {@code whsec_} + base64 of 24..64 random bytes (Standard Webhooks). Signs every
     * delivery whose tenant has no secret of its own. Required; never logged.
     */
    String signingSecret();

    /** Default webhooks and secrets per tenant (the tenant names of {@code udpm.worker.api.tenant-keys}). */
    Map<String, Tenant> tenants();

    /** Retries of one delivery. */
    Retry retry();

    /** The HTTP client. */
    Http http();

    /** Which destinations may be called (SSRF guard). */
    Destinations destinations();

    /**
     * Least time between two delivered {@code progress} events of one job (by event time); the progress event that
     * reports the last image is always delivered. Progress in between is skipped, not queued.
     */
    @WithDefault("5s")
    Duration progressMinInterval();

    /** A tenant's webhook settings. */
    interface Tenant {

        /** Default webhook URL for the tenant's jobs that name none (and for its requests refused before acceptance). */
        Optional<String> url();

        /** Event types the default webhook receives. */
        @WithDefault("completed,failed,cancelled")
        List<String> events();

        /** The tenant's own signing secret ({@code whsec_...}); without it the fleet's secret signs. Never logged. */
        Optional<String> signingSecret();
    }

    /** Exponential backoff with full jitter, bounded in time. */
    interface Retry {

        /** Upper bound of the first wait (the n-th wait is uniform in 0..min(max-delay, initial-delay * 2^(n-1))). */
        @WithDefault("1s")
        Duration initialDelay();

        /** Largest single wait. */
        @WithDefault("60s")
        Duration maxDelay();

        /**
         * How long one event is retried before it is dead-lettered, counted from its first attempt. While an event
         * is retried the later events of its partition wait (order per job), so this bounds that wait too.
         */
        @WithDefault("5m")
        Duration maxDuration();
    }

    /** Bounds of one attempt. */
    interface Http {

        /** TCP + TLS connect timeout. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Whole-request timeout (until the response headers). */
        @WithDefault("10s")
        Duration requestTimeout();

        /** At most this many bytes of a response body are read (and dropped); the rest is not awaited. */
        @WithDefault("65536")
        int maxResponseBytes();
    }

    /** The SSRF guard: which hosts and addresses a webhook may reach. */
    interface Destinations {

        /**
         * Allowed although internal: host names (exact, case-insensitive) or address ranges in CIDR notation
         * ({@code 10.1.2.0/24}, {@code 127.0.0.1/32}). Empty: only public addresses.
         */
        Optional<List<String>> allow();

        /** Always refused, even when public or allowed: host names or CIDR ranges. */
        Optional<List<String>> deny();

        /** Whether plain {@code http://} URLs are called ({@code true} only for local set-ups and tests). */
        @WithDefault("false")
        boolean allowPlainHttp();
    }
}
