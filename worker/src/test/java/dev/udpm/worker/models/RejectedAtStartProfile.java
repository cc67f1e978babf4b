package dev.udpm.worker.models;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A worker started after a rejected publish ({@link RejectedAtStartResource}). */
public class RejectedAtStartProfile implements QuarkusTestProfile {

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RejectedAtStartResource.class));
    }
}
