package dev.udpm.storage.quarkus;

import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Makes one {@link ObjectStore} per application from {@link StorageConfig}, built (and so validated) when
 * the application starts rather than on first use, and closed when it stops.
 */
@ApplicationScoped
public class ObjectStoreProducer {

    @Produces
    @Singleton
    ObjectStore objectStore(StorageConfig config) {
        return ObjectStore.connect(config);
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }

    /**
     * Fails start-up on a placeholder secret ({@link PlaceholderSecrets}) and with every object-store configuration
     * problem listed, instead of failing the first request.
     */
    void validateAtStartup(@Observes Startup started, ObjectStore store) {
        PlaceholderSecrets.check(ConfigProvider.getConfig());
        store.bucket();
    }
}
