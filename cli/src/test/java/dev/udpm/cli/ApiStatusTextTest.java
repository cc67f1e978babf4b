package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;
import org.junit.jupiter.api.Test;

class ApiStatusTextTest {

    @Test
    void runningJobShowsProgressAndWorker() throws Exception {
        JsonNode state = Json.mapper().readTree("""
                {"jobId":"j1","status":"running","done":32,"total":96,"workerId":"w-1"}""");
        assertEquals(List.of("job j1: running 32/96 images (worker w-1)"), ApiStatusText.describe("j1", state));
    }

    @Test
    void completedJobShowsModelVersionObjectsAndManifest() throws Exception {
        JsonNode state = Json.mapper().readTree("""
                {"jobId":"j2","status":"completed","done":2,"total":2,"modelName":"fashion","modelVersion":"v3",
                 "manifestKey":"jobs/j2/manifest.json","objects":[{"key":"a"},{"key":"b"}]}""");
        assertEquals(List.of("job j2: completed 2/2 images", "  model fashion v3, 2 objects, manifest jobs/j2/manifest.json"),
                ApiStatusText.describe("j2", state));
    }

    @Test
    void failedJobShowsCodeFieldAndMessage() throws Exception {
        JsonNode state = Json.mapper().readTree("""
                {"jobId":"j3","status":"failed","failureCode":"INVALID_REQUEST","failureField":"/levels/0",
                 "failureMessage":"level 4 > L = 3"}""");
        assertEquals(List.of("job j3: failed", "  INVALID_REQUEST at /levels/0: level 4 > L = 3"),
                ApiStatusText.describe("j3", state));
    }
}
