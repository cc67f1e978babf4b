package dev.udpm.worker.health;

import java.util.List;

import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** A worker with the real broker and store but NO bundled model (the global BundledTinyModelResource is off). */
public class NoModelProfile implements QuarkusTestProfile {

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealInfraResource.class));
    }
}
