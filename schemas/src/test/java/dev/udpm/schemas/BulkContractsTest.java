package dev.udpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ModelRef;
import dev.udpm.schemas.job.ShardRange;
import dev.udpm.schemas.job.ShardTask;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.CrossFieldRules;
import dev.udpm.schemas.validation.ValidationResult;
import org.junit.jupiter.api.Test;

/** Bulk jobs in the contracts: backward-compatible records, shard records, the limits that depend on `bulk`. */
class BulkContractsTest {

    private static final ContractValidator VALIDATOR = ContractValidator.shared();
    private static final Instant T = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void aSingleJobBuiltWithTheEarlierConstructorWritesNoBulkField() throws Exception {
        GenerateJob single = new GenerateJob("g1", T, null, null, null, new ModelRef("m", null), 4, 1, List.of(0),
                null);
        JsonNode json = Json.mapper().readTree(Json.mapper().writerFor(JobRequest.class).writeValueAsString(single));
        assertFalse(json.has("bulk"), json.toString());
        assertFalse(single.bulkRequested());
        JobCompleted completed = new JobCompleted("g1", T, "w", null, List.of(), "jobs/g1/manifest.json", "m", "v",
                new Timings(0, 0, 0));
        assertFalse(completed.completesBulk());
        assertFalse(Json.write(completed).contains("objectCount"));
    }

    @Test
    void aGenerateShardRoundTripsWithItsPinnedRequestAndIsKeyedPerShard() {
        GenerateJob bulk = new GenerateJob("b1", T, null, 3, null, new ModelRef("m", null), 100_000, 7, List.of(1),
                null, true);
        GenerateShard shard = new GenerateShard("b1", new ShardRange(4, 10, 40_000, 50_000),
                bulk.withModelVersion("v2"));
        String json = Json.write(shard);
        ShardTask parsed = VALIDATOR.parseShardTask(json);
        assertEquals(shard, parsed);
        assertEquals("b1#s4", parsed.recordKey());
        assertEquals("v2", ((GenerateShard) parsed).request().model().version());
        assertEquals(3, ((GenerateShard) parsed).request().effectivePriority(), "a shard keeps the job's priority");
    }

    @Test
    void countAboveTheSingleJobLimitNeedsBulkAndBulkHasItsOwnLimit() {
        String template = """
                {"type":"generate","jobId":"c1","submittedAt":"2025-06-01T12:00:00Z","model":{"name":"m"},
                 "count":%d,"seed":1%s}""";
        assertTrue(VALIDATOR.validate(MessageKind.JOB_REQUEST, template.formatted(Limits.MAX_IMAGES_PER_JOB, ""))
                .valid());
        ValidationResult tooMany = VALIDATOR.validate(MessageKind.JOB_REQUEST,
                template.formatted(Limits.MAX_IMAGES_PER_JOB + 1, ""));
        assertTrue(tooMany.has("/count", "maximum"), tooMany.violations().toString());
        assertEquals(1, tooMany.violations().size(), "one violation: " + tooMany.violations());
        assertTrue(VALIDATOR.validate(MessageKind.JOB_REQUEST, template.formatted(Limits.MAX_BULK_IMAGES,
                ",\"bulk\":true")).valid());
        assertTrue(VALIDATOR.validate(MessageKind.JOB_REQUEST, template.formatted(Limits.MAX_BULK_IMAGES + 1,
                ",\"bulk\":true")).has("/count", "maximum"));
        assertTrue(VALIDATOR.validate(MessageKind.JOB_REQUEST, template.formatted(10, ",\"bulk\":true,"
                + "\"output\":{\"presignedUrls\":true}")).has("/output/presignedUrls", "const"));
    }

    @Test
    void aShardOfAnotherJobIsRejectedNamingTheField() {
        GenerateJob bulk = new GenerateJob("b1", T, null, null, null, new ModelRef("m", "v1"), 20, 7, null, null,
                true);
        String json = Json.write(new GenerateShard("b2", new ShardRange(0, 2, 0, 10), bulk));
        ValidationResult result = VALIDATOR.validate(MessageKind.SHARD_TASK, json);
        assertTrue(result.has("/jobId", CrossFieldRules.SHARD_REQUEST), result.violations().toString());
    }
}
