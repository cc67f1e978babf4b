package dev.udpm.worker.pipeline;

import java.util.List;

import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The worker with the bundled tiny model against {@link ScramTlsInfraResource} only (no plain-listener broker). */
public class ScramTlsProfile implements QuarkusTestProfile {

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ScramTlsInfraResource.class),
                new TestResourceEntry(BundledTinyModelResource.class));
    }
}
