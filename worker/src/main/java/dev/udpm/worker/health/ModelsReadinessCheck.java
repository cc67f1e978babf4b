package dev.udpm.worker.health;

import java.util.List;
import java.util.stream.Collectors;

import dev.udpm.worker.models.LoadedModel;
import dev.udpm.worker.models.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@value #NAME}: UP when at least one model version is loaded (the Kafka and object-store
 * checks cover the rest of "ready"). Data: {@code loaded} lists {@code name/version}, the latest marked with
 * {@code *}; when DOWN, {@code reason} says what to do.
 */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "models";

    /** The DOWN reason. */
    public static final String NO_MODEL = "no model loaded: publish a model on udpm.models or set"
            + " udpm.worker.models.bundled-dir to an exported model directory";

    @Inject
    ModelRegistry registry;

    @Override
    public HealthCheckResponse call() {
        List<LoadedModel> loaded = registry.loaded();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME);
        if (loaded.isEmpty()) {
            return builder.down().withData("reason", NO_MODEL).build();
        }
        return builder.up()
                .withData("loaded", loaded.stream().map(m -> m.name() + "/" + m.version() + (m.latest() ? "*" : ""))
                        .collect(Collectors.joining(", ")))
                .build();
    }
}
