package dev.udpm.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the object store answers and the configured bucket exists ({@code /q/health/ready}, check
 * {@value #NAME}). Jobs cannot complete without it, so an instance without it takes no traffic.
 */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {

    /** Name of the check in the health report. */
    public static final String NAME = "object-store";

    private final ObjectStore store;

    @Inject
    public ObjectStoreHealthCheck(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("endpoint", store.endpoint())
                .withData("bucket", store.bucket());
        try {
            if (store.bucketExists()) {
                return response.up().build();
            }
            return response.down().withData("reason", "bucket '" + store.bucket() + "' does not exist: create it "
                    + "or set udpm.storage.bucket to an existing one").build();
        } catch (StorageException e) {
            return response.down().withData("reason", e.getMessage()).build();
        }
    }
}
