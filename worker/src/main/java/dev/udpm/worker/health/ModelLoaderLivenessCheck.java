package dev.udpm.worker.health;

import java.time.Duration;
import java.util.Optional;

import dev.udpm.worker.models.HotReloader;
import dev.udpm.worker.models.ModelsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness check {@value #NAME}: DOWN when one model load has run longer than
 * {@code udpm.worker.models.load-timeout} (a stuck download or TensorFlow call that no retry will fix), so the
 * orchestrator restarts the worker. An idle or normally busy loader is UP.
 */
@Liveness
@ApplicationScoped
public class ModelLoaderLivenessCheck implements HealthCheck {

    /** The check's name in {@code /q/health/live}. */
    public static final String NAME = "model-loader";

    @Inject
    HotReloader reloader;

    @Inject
    ModelsConfig config;

    @Override
    public HealthCheckResponse call() {
        return evaluate(reloader.busyFor(), config.loadTimeout());
    }

    /** The verdict for a loader busy for {@code busy} (empty = idle) under {@code timeout}. */
    static HealthCheckResponse evaluate(Optional<Duration> busy, Duration timeout) {
        if (busy.isPresent() && busy.get().compareTo(timeout) > 0) {
            return HealthCheckResponse.named(NAME).down()
                    .withData("reason", "a model load has run for " + busy.get().toSeconds() + " s, longer than"
                            + " udpm.worker.models.load-timeout = " + timeout)
                    .build();
        }
        return HealthCheckResponse.named(NAME).up()
                .withData("busyMillis", busy.map(Duration::toMillis).orElse(0L))
                .build();
    }
}
