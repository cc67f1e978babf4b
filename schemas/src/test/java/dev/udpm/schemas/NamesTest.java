package dev.udpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Topic names, CloudEvents names and object keys are public API: these tests fail on any rename. */
class NamesTest {

    @Test
    void topics() {
        assertEquals(List.of("udpm.jobs", "udpm.job-events", "udpm.jobs.dlq", "udpm.models", "udpm.model-status"),
                Topics.ALL);
        assertEquals(List.of("udpm.webhooks.subscriptions", "udpm.webhooks.dead", "udpm.webhooks.retry"),
                Topics.WEBHOOKS);
        assertEquals("udpm.jobs", Topics.JOBS);
        assertEquals("udpm.job-events", Topics.JOB_EVENTS);
        assertEquals("udpm.jobs.dlq", Topics.JOBS_DLQ);
        assertEquals("udpm.models", Topics.MODELS);
        assertEquals("udpm.model-status", Topics.MODEL_STATUS);
        assertEquals("udpm.webhooks.subscriptions", Topics.WEBHOOK_SUBSCRIPTIONS);
        assertEquals("udpm.webhooks.dead", Topics.WEBHOOKS_DEAD);
        assertEquals("udpm.webhooks.retry", Topics.WEBHOOKS_RETRY);
    }

    @Test
    void cloudEventsBinding() {
        assertEquals("1.0", CloudEvents.SPEC_VERSION);
        assertEquals(List.of("ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "content-type"),
                List.of(CloudEvents.HEADER_ID, CloudEvents.HEADER_SOURCE, CloudEvents.HEADER_TYPE,
                        CloudEvents.HEADER_SPEC_VERSION, CloudEvents.HEADER_TIME, CloudEvents.HEADER_CONTENT_TYPE));
        assertEquals(List.of("dev.udpm.job.request.v1", "dev.udpm.job.accepted.v1", "dev.udpm.job.progress.v1",
                        "dev.udpm.job.completed.v1", "dev.udpm.job.failed.v1", "dev.udpm.job.cancelled.v1",
                        "dev.udpm.model.published.v1", "dev.udpm.model.status.v1", "dev.udpm.webhook.replay.v1"),
                CloudEvents.ALL_TYPES);
        assertEquals(CloudEvents.ALL_TYPES.size(), new HashSet<>(CloudEvents.ALL_TYPES).size());
    }

    @Test
    void binaryModeHeadersCarryEveryAttributeInOrderWithAFreshId() {
        java.time.Instant time = java.time.Instant.parse("2026-11-27T12:00:01.234567Z");
        java.util.Map<String, String> a = CloudEvents.binaryModeHeaders(CloudEvents.TYPE_JOB_COMPLETED, "/udpm/worker/w1", time);
        java.util.Map<String, String> b = CloudEvents.binaryModeHeaders(CloudEvents.TYPE_JOB_COMPLETED, "/udpm/worker/w1", time);
        assertEquals(List.of("ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "content-type"),
                List.copyOf(a.keySet()));
        assertEquals(List.of("/udpm/worker/w1", "dev.udpm.job.completed.v1", "1.0", "2026-11-27T12:00:01.234Z",
                "application/json"), List.copyOf(a.values()).subList(1, 6));
        java.util.UUID.fromString(a.get("ce_id"));
        assertNotEquals(a.get("ce_id"), b.get("ce_id"), "every event gets its own id");
    }

    @Test
    void objectKeys() {
        assertEquals("jobs/j1/000000.png", ObjectKeys.imageKey("j1", 0));
        assertEquals("jobs/j1/000042.png", ObjectKeys.imageKey("j1", 42));
        assertEquals("jobs/j1/999999.png", ObjectKeys.imageKey("j1", 999_999));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.imageKey("j1", 1_000_000));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.imageKey("j1", -1));
        assertEquals("jobs/j1/grid.png", ObjectKeys.gridKey("j1"));
        assertEquals("jobs/j1/manifest.json", ObjectKeys.jobManifestKey("j1"));
        assertEquals("models/m/v2/", ObjectKeys.modelPrefix("m", "v2"));
        assertEquals("models/m/v2/manifest.json", ObjectKeys.modelManifestKey("m", "v2"));
        assertEquals("jobs/j1/index.jsonl", ObjectKeys.indexKey("j1"));
        assertEquals("jobs/j1/tar/001000.tar", ObjectKeys.tarKey("j1", 1000));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.tarKey("j1", 1_000_000));
        assertEquals("00000007.png", SampleRecord.memberName(7, "png"));
        assertEquals("00999999.cls", SampleRecord.memberName(999_999, "cls"));
    }

    @Test
    void keysAreTheZeroPaddedDecimalsOfStringFormatAtEveryWidth() {
        int[] values = {0, 1, 9, 10, 42, 99, 100, 999, 1000, 12_345, 99_999, 100_000, 999_999, 1_000_000,
                99_999_999};
        for (int v : values) {
            for (int width = 1; width <= 8; width++) {
                assertEquals(String.format(java.util.Locale.ROOT, "%0" + width + "d", v),
                        ObjectKeys.zeroPadded(v, width), v + " at width " + width);
            }
            if (v <= 999_999) {
                assertEquals("jobs/j/" + String.format(java.util.Locale.ROOT, "%06d.png", v),
                        ObjectKeys.imageKey("j", v));
                assertEquals("jobs/j/tar/" + String.format(java.util.Locale.ROOT, "%06d.tar", v),
                        ObjectKeys.tarKey("j", v));
            }
            if (v <= 99_999) {
                assertEquals(ObjectKeys.shardPrefix("j") + String.format(java.util.Locale.ROOT, "%05d.json", v),
                        ObjectKeys.shardManifestKey("j", v));
            }
            assertEquals(String.format(java.util.Locale.ROOT, "%08d.png", v), SampleRecord.memberName(v, "png"));
        }
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.zeroPadded(-1, 6));
    }

    @Test
    void messageKindsNameTheirSchemaFiles() {
        for (MessageKind kind : MessageKind.values()) {
            assertEquals(kind.schemaFile(), kind.baseName() + ".schema.json");
            assertEquals(kind.schemaId(), SchemaResources.read(kind.schemaFile()).get("$id").asText(),
                    kind + ": $id must be the mapped classpath id");
            assertTrue(kind.schemaId().startsWith(SchemaResources.ID_PREFIX));
        }
    }

    @Test
    void theJandexIndexIsBuiltForQuarkus() throws Exception {
        assertTrue(java.util.Collections.list(getClass().getClassLoader().getResources("META-INF/jandex.idx"))
                .stream().anyMatch(url -> url.toString().contains("schemas/target/classes")),
                "target/classes/META-INF/jandex.idx missing: records would be invisible to Quarkus");
    }
}
