package dev.udpm.worker.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.CuttableLink;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A worker whose object store sits behind a {@link CuttableLink}: the real broker and S3Proxy
 * ({@link RealInfraResource}), the tiny bundled model, and {@code udpm.storage.endpoint} pointing at the link.
 * The test cuts and restores the link through {@link #link(boolean)}.
 */
public class StoreOutageProfile implements QuarkusTestProfile {

    /**
     * System property holding the link's switch, a {@code Consumer<Boolean>} (a JDK type, so the test resource
     * and the test may live in different class loaders).
     */
    static final String SWITCH = "udpm.test.store-link";

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LinkedInfra.class), new TestResourceEntry(BundledTinyModelResource.class));
    }

    /** Restores ({@code true}) or cuts ({@code false}) the worker's link to the object store. */
    @SuppressWarnings("unchecked")
    static void link(boolean up) {
        ((Consumer<Boolean>) System.getProperties().get(SWITCH)).accept(up);
    }

    /** {@link RealInfraResource} with the object store reached through a {@link CuttableLink}. */
    public static final class LinkedInfra implements QuarkusTestResourceLifecycleManager {

        private final RealInfraResource infra = new RealInfraResource();
        private CuttableLink link;

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(infra.start());
            try {
                link = CuttableLink.to(config.get("udpm.storage.endpoint"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CuttableLink started = link;
            System.getProperties().put(SWITCH, (Consumer<Boolean>) up -> {
                if (up) {
                    try {
                        started.restore();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                } else {
                    started.cut();
                }
            });
            config.put("udpm.storage.endpoint", link.endpoint());
            return config;
        }

        @Override
        public void stop() {
            System.getProperties().remove(SWITCH);
            if (link != null) {
                link.close();
            }
            infra.stop();
        }
    }
}
