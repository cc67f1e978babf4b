package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.InterpolateJob;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.PerturbJob;
import dev.udpm.schemas.job.SwapJob;
import dev.udpm.schemas.validation.ContractValidator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code udpm submit} through the real broker: the record on udpm.jobs, and what invalid input does. */
class SubmitCommandTest {

    @TempDir
    Path dir;

    @Test
    void generateFromFlagsWritesAValidRecordKeyedByJobIdWithCloudEventHeaders() {
        String id = "gen-" + UUID.randomUUID();
        TestInfra.Result r = TestInfra.run("submit generate", "--model", "fashion", "--count", "16", "--seed", "1",
                "--labels", "0,1,2", "--grid", "--job-id", id, "--callback", "who=test", "--priority", "3");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("submitted generate job " + id + " (16 images, model fashion)"), r.toString());

        ConsumerRecord<String, String> record = single(id);
        GenerateJob job = assertInstanceOf(GenerateJob.class, ContractValidator.shared().parseJobRequest(record.value()));
        assertEquals(id, job.jobId());
        assertEquals("fashion", job.model().name());
        assertEquals(null, job.model().version());
        assertEquals(16, job.count());
        assertEquals(1L, job.seed());
        assertEquals(List.of(0, 1, 2), job.classLabels());
        assertTrue(job.outputOrDefault().wantsGrid());
        assertEquals(Map.of("who", "test"), job.callback());
        assertEquals(3, job.priority());

        assertEquals(CloudEvents.TYPE_JOB_REQUEST, header(record, CloudEvents.HEADER_TYPE));
        assertEquals(CloudEvents.SPEC_VERSION, header(record, CloudEvents.HEADER_SPEC_VERSION));
        assertEquals(ConnectionOptions.CE_SOURCE, header(record, CloudEvents.HEADER_SOURCE));
        assertEquals(CloudEvents.CONTENT_TYPE_JSON, header(record, CloudEvents.HEADER_CONTENT_TYPE));
        assertEquals(36, header(record, CloudEvents.HEADER_ID).length(), "ce_id must be a UUID");
        assertNotNull(Instant.parse(header(record, CloudEvents.HEADER_TIME)));
    }

    @Test
    void everyOtherJobTypeIsBuiltFromItsFlags() {
        String interp = "interp-" + UUID.randomUUID();
        assertEquals(0, TestInfra.run("submit interpolate", "--model", "m", "--corners", "7,8,9,10", "--grid-size", "4",
                "--levels", "3", "--label", "5", "--job-id", interp).code());
        InterpolateJob i = (InterpolateJob) parse(single(interp));
        assertEquals(List.of(7L, 8L, 9L, 10L), i.corners());
        assertEquals(4, i.gridSize());
        assertEquals(16, i.imageCount());
        assertEquals(List.of(3), i.levels());
        assertEquals(5, i.classLabel());

        String swap = "swap-" + UUID.randomUUID();
        assertEquals(0, TestInfra.run("submit swap", "--model", "m", "--model-version", "v2", "--source-seed", "101",
                "--target-seed", "202", "--levels", "1,2,3", "--job-id", swap).code());
        SwapJob s = (SwapJob) parse(single(swap));
        assertEquals(101L, s.seeds().source());
        assertEquals(202L, s.seeds().target());
        assertEquals(List.of(1, 2, 3), s.levels());
        assertEquals("v2", s.model().version());

        String perturb = "perturb-" + UUID.randomUUID();
        assertEquals(0, TestInfra.run("submit perturb", "--model", "m", "--seed", "42", "--level", "3", "--strengths",
                "0,0.5,1", "--samples", "8", "--components", "4", "--job-id", perturb).code());
        PerturbJob p = (PerturbJob) parse(single(perturb));
        assertEquals(List.of(0.0, 0.5, 1.0), p.strengths());
        assertEquals(24, p.imageCount());
        assertEquals(4, p.principalComponents());
    }

    @Test
    void fileWithoutIdAndTimeIsCompletedValidatedAndSentAndQuietPrintsOnlyTheId() throws Exception {
        Path file = dir.resolve("job.json");
        Files.writeString(file, "{\"type\":\"generate\",\"model\":{\"name\":\"fashion\"},\"count\":4,\"seed\":9}");
        TestInfra.Result r = TestInfra.run("submit", "--file", file.toString(), "-q");
        assertEquals(0, r.code(), r.toString());
        String id = r.out().strip();
        assertTrue(id.matches("generate-\\d{8}-\\d{6}-[0-9a-f]{4}"), "a fresh job id, got '" + id + "'");
        GenerateJob job = (GenerateJob) parse(single(id));
        assertEquals(4, job.count());
        assertEquals(9L, job.seed());
    }

    @Test
    void invalidFlagValueExitsTwoNamingFlagAndFieldAndSendsNothing() {
        String id = "bad-" + UUID.randomUUID();
        TestInfra.Result r = TestInfra.run("submit generate", "--model", "fashion", "--count", "0", "--seed", "1",
                "--job-id", id);
        assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("--count (/count, minimum): must have a minimum value of 1"), r.toString());
        assertTrue(r.err().contains("nothing was sent"), r.toString());

        TestInfra.Result components = TestInfra.run("submit perturb", "--model", "m", "--seed", "1", "--level", "3",
                "--strengths", "0.5", "--samples", "4", "--components", "8", "--job-id", id);
        assertEquals(ExitCodes.INVALID_INPUT, components.code(), components.toString());
        assertTrue(components.err().contains("--components (/principalComponents, principalComponentsWithinSamples)"),
                "the cross-field rule names --components: " + components);

        TestInfra.Result noModel = TestInfra.run("submit generate", "--count", "4", "--seed", "1", "--job-id", id);
        assertEquals(ExitCodes.INVALID_INPUT, noModel.code(), noModel.toString());
        assertTrue(noModel.err().contains("--model (/model, required)"), noModel.toString());

        TestInfra.Result notANumber = TestInfra.run("submit generate", "--model", "m", "--count", "many");
        assertEquals(ExitCodes.INVALID_INPUT, notANumber.code(), notANumber.toString());
        assertTrue(notANumber.err().contains("--count"), notANumber.toString());

        assertEquals(List.of(), TestInfra.records(Topics.JOBS, id), "an invalid request must never reach udpm.jobs");
    }

    @Test
    void invalidFileNamesTheJsonPointerAndUnparseableFileSaysSo() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"type\":\"generate\",\"model\":{\"name\":\"m\"},\"count\":1}");
        TestInfra.Result r = TestInfra.run("submit", "--file", file.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("/seed (required)"), r.toString());

        Files.writeString(file, "{\"type\":", StandardCharsets.UTF_8);
        TestInfra.Result broken = TestInfra.run("submit", "--file", file.toString());
        assertEquals(ExitCodes.INVALID_INPUT, broken.code(), broken.toString());
        assertTrue(broken.err().contains("(request) (json): not valid JSON"), broken.toString());

        TestInfra.Result missing = TestInfra.run("submit", "--file", dir.resolve("nope.json").toString());
        assertEquals(ExitCodes.INVALID_INPUT, missing.code(), missing.toString());
        assertTrue(missing.err().contains("--file: cannot read"), missing.toString());
    }

    @Test
    void dryRunPrintsTheRequestAndSendsNothing() {
        String id = "dry-" + UUID.randomUUID();
        TestInfra.Result r = TestInfra.run("submit generate", "--model", "m", "--count", "2", "--seed", "5",
                "--job-id", id, "--dry-run");
        assertEquals(0, r.code(), r.toString());
        GenerateJob job = (GenerateJob) ContractValidator.shared().parseJobRequest(r.out());
        assertEquals(id, job.jobId());
        assertEquals(5L, job.seed());
        assertEquals(List.of(), TestInfra.records(Topics.JOBS, id));
    }

    @Test
    void formatShardsFlagsSetTheOutputFormatAndAnOversizedShardIsRefusedByItsFlag() {
        String id = "dry-shards-" + UUID.randomUUID();
        TestInfra.Result r = TestInfra.run("submit generate", "--model", "m", "--count", "20", "--seed", "5",
                "--labels", "0,1", "--format", "shards", "--samples-per-shard", "8", "--job-id", id, "--dry-run");
        assertEquals(0, r.code(), r.toString());
        GenerateJob job = (GenerateJob) ContractValidator.shared().parseJobRequest(r.out());
        assertEquals(dev.udpm.schemas.job.OutputFormat.SHARDS, job.output().format());
        assertEquals(8, job.output().samplesPerShardOrDefault());
        assertEquals("shards", dev.udpm.schemas.Json.read(r.out(), com.fasterxml.jackson.databind.JsonNode.class)
                .path("output").path("format").asText(), "the wire value of the format");

        TestInfra.Result big = TestInfra.run("submit generate", "--model", "m", "--count", "20", "--seed", "5",
                "--format", "shards", "--samples-per-shard", "10001", "--job-id", id);
        assertEquals(ExitCodes.INVALID_INPUT, big.code(), big.toString());
        assertTrue(big.err().contains("--samples-per-shard (/output/samplesPerShard, maximum)"), big.toString());
        assertEquals(List.of(), TestInfra.records(Topics.JOBS, id), "nothing may be sent");
    }

    private static ConsumerRecord<String, String> single(String key) {
        List<ConsumerRecord<String, String>> records = TestInfra.records(Topics.JOBS, key);
        assertEquals(1, records.size(), "exactly one record with key " + key + " on " + Topics.JOBS);
        return records.get(0);
    }

    private static JobRequest parse(ConsumerRecord<String, String> record) {
        return ContractValidator.shared().parseJobRequest(record.value());
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        assertNotNull(h, "header " + name + " missing");
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
