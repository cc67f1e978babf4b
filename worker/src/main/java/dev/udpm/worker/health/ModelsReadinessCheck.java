package dev.udpm.worker.health;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.udpm.worker.models.LoadedModel;
import dev.udpm.worker.models.LoadedModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@value #NAME}: UP when at least one model version is loaded (the Kafka and object-store checks
 * cover the rest of "ready"). Data: {@code loaded} lists {@code name/version}, the latest marked with {@code *};
 * {@code unservable} (present only then) names each model announced on udpm.models that has no servable version on
 * this worker and why: its newest announced version was rejected and no older version in the object store
 * verifies. That does not turn the check DOWN while other models serve: every worker decides the same way from the
 * same store, so a bad first version of one model would otherwise take the whole fleet out of service for the
 * models it does serve. When DOWN, {@code reason} says what to do.
 */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "models";

    /** The DOWN reason with nothing loaded. */
    public static final String NO_MODEL = "no model loaded: publish a model on udpm.models or set"
            + " udpm.worker.models.bundled-dir to an exported model directory";

    @Inject
    LoadedModels models;

    @Override
    public HealthCheckResponse call() {
        List<LoadedModel> loaded = models.loaded();
        Map<String, String> unservable = new TreeMap<>(models.unservable());
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME);
        if (!loaded.isEmpty()) {
            builder.withData("loaded", loaded.stream()
                    .map(m -> m.name() + "/" + m.version() + (m.latest() ? "*" : ""))
                    .collect(Collectors.joining(", ")));
        }
        if (!unservable.isEmpty()) {
            builder.withData("unservable", unservable.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")));
        }
        if (loaded.isEmpty()) {
            return builder.down().withData("reason", NO_MODEL).build();
        }
        return builder.up().build();
    }
}
