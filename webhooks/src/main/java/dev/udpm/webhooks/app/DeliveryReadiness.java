package dev.udpm.webhooks.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the delivery loop runs and the group has assigned it its partitions. */
@Readiness
@ApplicationScoped
public class DeliveryReadiness implements HealthCheck {

    @Inject
    WebhooksService service;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("webhook-delivery").status(service.disabled() || service.ready()).build();
    }
}
