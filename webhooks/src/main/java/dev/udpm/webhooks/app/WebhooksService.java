package dev.udpm.webhooks.app;

import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.udpm.webhooks.config.WebhooksConfig;
import dev.udpm.webhooks.delivery.AttemptLog;
import dev.udpm.webhooks.delivery.DeliveryEngine;
import dev.udpm.webhooks.delivery.DeliveryLoop;
import dev.udpm.webhooks.delivery.DestinationGuard;
import dev.udpm.webhooks.delivery.SubscriptionStore;
import dev.udpm.webhooks.delivery.WebhookSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Wires the delivery loop from the configuration and runs it for the application's lifetime. */
@ApplicationScoped
public class WebhooksService {

    @Inject
    WebhooksConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    MeterRegistry registry;

    private Delivery delivery;

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            delivery = Delivery.start(config, kafkaConfig, registry, InetAddress::getAllByName, Clock.systemUTC());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (delivery != null) {
            delivery.close();
        }
    }

    /** Whether the loop runs and has been assigned its partitions (the readiness check). */
    public boolean ready() {
        return delivery != null && delivery.loop().alive() && delivery.loop().assigned();
    }

    /** Whether delivery is switched off by configuration. */
    public boolean disabled() {
        return !config.enabled();
    }

    /** Client settings for the plain Kafka clients: Quarkus' {@code kafka.*} keys without the prefix. */
    static Map<String, Object> clientSettings(Map<String, Object> kafka) {
        Map<String, Object> settings = new HashMap<>(kafka);
        // the Quarkus-side keys that are no Kafka client settings
        List.of("health.enabled", "devservices.enabled").forEach(settings::remove);
        return settings;
    }

    /** What {@link #onStart} builds; also what tests build and restart. */
    public record Delivery(DeliveryLoop loop, AutoCloseable resources) implements AutoCloseable {

        /** Builds the engine and starts the loop. */
        public static Delivery start(WebhooksConfig config, Map<String, Object> kafka, MeterRegistry registry,
                DestinationGuard.Resolver resolver, Clock clock) {
            Map<String, Object> settings = clientSettings(kafka);
            var producer = Producers.reliable(settings);
            SubscriptionStore store = new SubscriptionStore(settings, producer);
            DestinationGuard guard = new DestinationGuard(config.destinations().allow().orElse(List.of()),
                    config.destinations().deny().orElse(List.of()), config.destinations().allowPlainHttp(), resolver);
            WebhookSender sender = new WebhookSender(config.http().connectTimeout(), config.http().requestTimeout(),
                    config.http().maxResponseBytes());
            DeliveryEngine engine = new DeliveryEngine(config, store, guard, sender, producer,
                    new AttemptLog(registry), clock);
            DeliveryLoop loop = new DeliveryLoop(settings, config.groupId(), engine, store,
                    config.http().requestTimeout().plus(config.http().connectTimeout()));
            loop.start();
            return new Delivery(loop, () -> {
                sender.close();
                producer.close();
            });
        }

        @Override
        public void close() {
            loop.close();
            try {
                resources.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
