package dev.udpm.worker.models;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A worker started when udpm.models already announces a version of its bundled model's name. */
public class AnnouncedAtStartProfile implements QuarkusTestProfile {

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AnnouncedAtStartResource.class));
    }
}
