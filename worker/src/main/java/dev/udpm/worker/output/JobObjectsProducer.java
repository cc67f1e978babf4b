package dev.udpm.worker.output;

import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StoreRetryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The application's {@link JobObjects}: the one object store, calls retried per {@code udpm.storage.retry.*}. */
@ApplicationScoped
public class JobObjectsProducer {

    @Produces
    @Singleton
    JobObjects jobObjects(ObjectStore store, StoreRetryConfig retry) {
        return new JobObjects(store, retry.policy());
    }
}
