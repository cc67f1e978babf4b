package dev.udpm.webhooks;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.udpm.webhooks.config.WebhooksConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;

/** The real {@link WebhooksConfig} mapping, built from properties (its defaults apply), for tests without Quarkus. */
final class TestConfig {

    /** The signing secret of these tests: whsec_ + base64 of 32 bytes. */
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private TestConfig() {
    }

    static WebhooksConfig of(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("udpm.webhooks.signing-secret", SECRET);
        props.put("udpm.webhooks.destinations.allow-plain-http", "true");
        props.put("udpm.webhooks.destinations.allow", "127.0.0.0/8");
        props.put("udpm.webhooks.retry.initial-delay", "50ms");
        props.put("udpm.webhooks.retry.max-delay", "200ms");
        props.put("udpm.webhooks.retry.max-duration", "20s");
        props.put("udpm.webhooks.http.request-timeout", "2s");
        props.put("udpm.webhooks.progress-min-interval", "0s");
        props.putAll(overrides);
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(WebhooksConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // "5s", as in Quarkus
                .withSources(new MapBackedConfigSource("test", props, 500) { }).build();
        return config.getConfigMapping(WebhooksConfig.class);
    }
}
