package dev.udpm.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.job.CancelJob;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.InterpolateJob;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ModelRef;
import dev.udpm.schemas.job.OutputOptions;
import dev.udpm.schemas.job.PerturbJob;
import dev.udpm.schemas.job.SwapJob;
import dev.udpm.schemas.job.SwapSeeds;
import dev.udpm.schemas.model.ManifestPosteriorMode;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelStatus;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import org.junit.jupiter.api.Test;

/** The records as Java code uses them: what they write validates, helpers compute what the docs say. */
class RecordsTest {

    private static final ContractValidator VALIDATOR = ContractValidator.shared();
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    private static final Map<String, String> CALLBACK = Map.of("requestedBy", "alice");

    private static GenerateJob generate(int count, List<Integer> labels) {
        return new GenerateJob("g1", T0, null, null, CALLBACK, ModelRef.latest("cifar10-udpm"), count, 7L, labels,
                null);
    }

    private static void assertValid(MessageKind kind, Object record) {
        String json = Json.write(record);
        ValidationResult result = VALIDATOR.validate(kind, json);
        assertTrue(result.valid(), () -> record.getClass().getSimpleName() + " wrote invalid JSON " + json + "\n"
                + result.describe());
    }

    private static Set<String> fieldNames(Object record) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = Json.mapper().valueToTree(record).fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void theLatentOriginOfAnInterpolateSwapOrPerturbImageIsInItsRecordAndAGenerateImageHasNone() {
        for (LatentOrigin origin : java.util.List.of(
                LatentOrigin.grid(java.util.List.of(11L, 12L, 13L, 14L), 4, 1, 3, java.util.List.of(1, 2, 3)),
                LatentOrigin.path(java.util.List.of(11L, 12L), 8, 7, java.util.List.of(2)),
                LatentOrigin.swap(5, 6, 2), LatentOrigin.perturb(5, 3, 0.5, 9))) {
            SampleRecord record = new SampleRecord(7, "jobs/j/000007.png", null, "a".repeat(64), 10, 9, null, null,
                    "m", "v1", "b".repeat(64), origin);
            assertValid(MessageKind.SAMPLE_RECORD, record);
            assertEquals(record, VALIDATOR.parseSampleRecord(Json.write(record)), origin.kind());
            assertEquals(origin, record.withoutModel().latent(), "a manifest's entry keeps it");
        }
        SampleRecord generated = new SampleRecord(7, "jobs/j/000007.png", null, "a".repeat(64), 10, 9, 1L, 7L, "m",
                "v1", "b".repeat(64));
        assertFalse(Json.write(generated).contains("latent"), "a generate image's record (and its tar member) is"
                + " unchanged: seed and position say where its latents come from");
        String rowWithoutColumn = Json.write(generated.withoutModel()).replace("}", ",\"latent\":{\"kind\":"
                + "\"interpolate\",\"corners\":[1,2],\"gridSize\":3,\"row\":1,\"levels\":[1]}}");
        assertThrows(IllegalArgumentException.class, () -> VALIDATOR.parseSampleRecord(rowWithoutColumn));
    }

    @Test
    void aSampleRecordAlwaysWritesItsLabelAndOutputOptionsDefaultToPng() {
        SampleRecord unlabelled = new SampleRecord(3, "jobs/j/000003.png", null, "a".repeat(64), 10, null, 7L, 3L,
                "m", "v1", "b".repeat(64));
        assertTrue(Json.write(unlabelled).contains("\"label\":null"), "an unconditional image says label null");
        assertFalse(Json.write(unlabelled).contains("member"), "other nulls are left out");
        assertValid(MessageKind.SAMPLE_RECORD, unlabelled);
        assertEquals(unlabelled, VALIDATOR.parseSampleRecord(Json.write(unlabelled)));
        assertEquals(Set.of("index", "key", "sha256", "size", "label", "seed", "position"),
                fieldNames(unlabelled.withoutModel()));

        OutputOptions none = new OutputOptions(null, null, null);
        assertEquals(dev.udpm.schemas.job.OutputFormat.PNG, none.formatOrDefault());
        assertEquals(Limits.DEFAULT_SAMPLES_PER_SHARD, none.samplesPerShardOrDefault());
        assertEquals(1000, Limits.DEFAULT_SAMPLES_PER_SHARD);
        assertEquals(10_000, Limits.MAX_SAMPLES_PER_SHARD);
        assertEquals(Set.of("format", "samplesPerShard"), fieldNames(new OutputOptions(null, null, null,
                dev.udpm.schemas.job.OutputFormat.SHARDS, 5)));
    }

    @Test
    void jobRequestsWriteTheirTypeAndOnlyTheirComponents() {
        GenerateJob job = generate(4, null);
        assertEquals(Set.of("type", "jobId", "submittedAt", "callback", "model", "count", "seed"), fieldNames(job),
                "helpers (jobType, imageCount, effectivePriority, ...) must not leak into the JSON; nulls are left out");
        assertEquals("generate", Json.mapper().valueToTree(job).get("type").asText());
        assertValid(MessageKind.JOB_REQUEST, job);
        assertEquals(job, Json.read(Json.write(job), JobRequest.class), "round trip through the sealed interface");
    }

    @Test
    void everyJobTypeBuiltInJavaValidates() {
        ModelRef model = new ModelRef("m", "v1");
        List<JobRequest> jobs = List.of(
                generate(3, List.of(1, 2, 3)),
                new InterpolateJob("i1", T0, "acme", 1, null, model, List.of(1L, 2L), 5, null, 4),
                new SwapJob("s1", T0, null, null, null, model, new SwapSeeds(1, 2), List.of(3, 1), null),
                new PerturbJob("p1", T0, null, -3, null, model, 9, 2, List.of(0.0, 1.0), 8, 3, null),
                CancelJob.of("g1", T0));
        for (JobRequest job : jobs) {
            assertValid(MessageKind.JOB_REQUEST, job);
        }
        assertEquals(List.of("generate", "interpolate", "swap", "perturb", "cancel"),
                jobs.stream().map(JobRequest::jobType).toList());
    }

    @Test
    void imageCountFollowsTheJobType() {
        ModelRef model = ModelRef.latest("m");
        assertEquals(16, new InterpolateJob("i", T0, null, null, null, model, List.of(1L, 2L, 3L, 4L), 4, null, null)
                .imageCount(), "4 corners: gridSize^2");
        assertEquals(4, new InterpolateJob("i", T0, null, null, null, model, List.of(1L, 2L), 4, null, null)
                .imageCount(), "2 corners: gridSize");
        assertEquals(2, new SwapJob("s", T0, null, null, null, model, new SwapSeeds(1, 2), List.of(1, 3), null)
                .imageCount(), "one image per swapped level");
        assertEquals(3 * 8, new PerturbJob("p", T0, null, null, null, model, 1, 1, List.of(0.1, 0.5, 0.9), 8, 2, null)
                .imageCount(), "strengths x samplesPerStrength");
        assertEquals(5, generate(5, null).imageCount());
        assertEquals(0, CancelJob.of("c", T0).imageCount());
    }

    @Test
    void classLabelOfCyclesThroughTheLabels() {
        GenerateJob single = generate(3, List.of(7));
        assertEquals(List.of(7, 7, 7), List.of(single.classLabelOf(0), single.classLabelOf(1), single.classLabelOf(2)));
        GenerateJob perImage = generate(3, List.of(4, 5, 6));
        assertEquals(List.of(4, 5, 6),
                List.of(perImage.classLabelOf(0), perImage.classLabelOf(1), perImage.classLabelOf(2)));
        GenerateJob cycle = generate(5, List.of(0, 1));
        assertEquals(List.of(0, 1, 0, 1, 0), List.of(cycle.classLabelOf(0), cycle.classLabelOf(1),
                cycle.classLabelOf(2), cycle.classLabelOf(3), cycle.classLabelOf(4)), "image i gets labels[i mod 2]");
        assertNull(generate(3, null).classLabelOf(2));
        assertThrows(IndexOutOfBoundsException.class, () -> single.classLabelOf(3));
    }

    @Test
    void absentPriorityMeansTheDefaultFromTheLimits() {
        assertEquals(Limits.DEFAULT_PRIORITY, generate(1, null).effectivePriority());
        assertEquals(0, Limits.DEFAULT_PRIORITY, "documented default");
        assertEquals(-3, new PerturbJob("p", T0, null, -3, null, ModelRef.latest("m"), 1, 1, List.of(0.5), 2, 1, null)
                .effectivePriority());
    }

    @Test
    void gridColumnsDefaultToTheCeilingOfTheSquareRoot() {
        OutputOptions defaults = new OutputOptions(null, null, null);
        assertEquals(4, defaults.columnsFor(16));
        assertEquals(5, defaults.columnsFor(17));
        assertEquals(4, defaults.columnsFor(10));
        assertEquals(1, defaults.columnsFor(1));
        assertEquals(3, new OutputOptions(true, 3, null).columnsFor(16));
        assertFalse(defaults.wantsGrid());
        assertFalse(defaults.wantsPresignedUrls());
        assertFalse(generate(2, null).outputOrDefault().wantsGrid());
    }

    @Test
    void recordsCopyTheirCollections() {
        Map<String, String> callback = new HashMap<>(CALLBACK);
        GenerateJob job = new GenerateJob("g", T0, null, null, callback, ModelRef.latest("m"), 1, 1, null, null);
        callback.put("late", "x");
        assertEquals(CALLBACK, job.callback(), "a later change of the caller's map must not leak in");
        assertThrows(UnsupportedOperationException.class, () -> job.callback().put("k", "v"));
    }

    @Test
    void eventsEchoTheCallbackAndValidate() {
        JobRequest request = generate(2, null);
        List<JobEvent> events = List.of(
                JobAccepted.of(request, "worker-0", T0),
                JobProgress.of(request, "worker-0", T0, 1, 2),
                new JobCompleted("g1", T0, "worker-0", request.callback(),
                        List.of(StoredObject.of(ObjectKeys.imageKey("g1", 0), "0".repeat(64), 10, ObjectKeys.PNG)),
                        ObjectKeys.jobManifestKey("g1"), "cifar10-udpm", "v1", new Timings(1, 2, 3)),
                JobFailed.of(request, "worker-0", T0, FailureCode.MODEL_NOT_FOUND, "no model m", null),
                JobCancelled.of(request, null, T0));
        for (JobEvent event : events) {
            assertEquals(CALLBACK, event.callback(), event.eventType());
            assertEquals("g1", event.jobId());
            assertValid(MessageKind.JOB_EVENT, event);
            assertEquals(event, Json.read(Json.write(event), JobEvent.class));
            assertEquals("dev.udpm.job." + event.eventType() + ".v1", event.cloudEventType());
            assertTrue(CloudEvents.ALL_TYPES.contains(event.cloudEventType()));
            assertEquals(!(event instanceof JobAccepted || event instanceof JobProgress), event.terminal(),
                    event.eventType() + " terminal?");
        }
    }

    @Test
    void failureCodesMatchTheSchemaEnum() {
        JsonNode codes = SchemaResources.read("job-event.schema.json").at("/$defs/failed/properties/code/enum");
        Set<String> schema = new HashSet<>();
        codes.forEach(c -> schema.add(c.asText()));
        Set<String> java = new HashSet<>();
        for (FailureCode code : FailureCode.values()) {
            java.add(code.name());
        }
        assertEquals(schema, java);
    }

    @Test
    void posteriorModesAndStatusesMatchTheSchemaEnums() {
        Set<String> modes = new HashSet<>();
        SchemaResources.read(ModelManifest.SCHEMA).at("/properties/posteriorMode/enum").forEach(m -> modes.add(m.asText()));
        Set<String> javaModes = new HashSet<>();
        for (ManifestPosteriorMode mode : ManifestPosteriorMode.values()) {
            javaModes.add(mode.name());
        }
        assertEquals(modes, javaModes);
        Set<String> statuses = new HashSet<>();
        SchemaResources.read(ModelStatus.SCHEMA).at("/properties/status/enum").forEach(s -> statuses.add(s.asText()));
        Set<String> javaStatuses = new HashSet<>();
        for (ModelStatus.Status status : ModelStatus.Status.values()) {
            javaStatuses.add(Json.mapper().valueToTree(status).asText());
        }
        assertEquals(statuses, javaStatuses);
    }

    @Test
    void modelManifestHelpers() throws Exception {
        ModelManifest manifest = VALIDATOR.parseModelManifest(
                java.nio.file.Files.readString(java.nio.file.Path.of("examples/valid/model-manifest.json")));
        assertEquals(1, ModelManifest.FORMAT_VERSION);
        assertEquals(new ModelManifest.LatentShape(16, 16, 3), manifest.latentShape(1));
        assertEquals(new ModelManifest.LatentShape(4, 4, 3), manifest.latentShape(3));
        assertEquals(48, manifest.latentShape(3).elementCount());
        assertThrows(IllegalArgumentException.class, () -> manifest.latentShape(0));
        assertThrows(IllegalArgumentException.class, () -> manifest.latentShape(4));
        assertArrayEquals(new double[] {0.5, 0.2, 0.001}, manifest.schedule().alphaArray());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, manifest.schedule().sigmaArray());
        assertEquals(ManifestPosteriorMode.EXACT, manifest.posteriorMode());
        assertTrue(manifest.conditional());
        assertEquals("models/cifar10-udpm/2025-05-30.1/", manifest.prefix());
        assertEquals("models/cifar10-udpm/2025-05-30.1/manifest.json",
                ModelManifest.keyOf(manifest.name(), manifest.version()));
        assertEquals("[8,8,3]", Json.write(manifest.latentShape(2)), "wire form is [height, width, channels]");
        assertEquals(List.of(-1L, 32L, 32L, 3L), manifest.signature().outputs().get("image"));
    }

    @Test
    void modelPublishedAndStatusValidate() {
        ModelPublished published = new ModelPublished("m", "v1",
                new ModelPublished.Location("udpm-models", ObjectKeys.modelPrefix("m", "v1")), "a".repeat(64), T0,
                Map.of("fid", 6.86), null);
        assertValid(MessageKind.MODEL_PUBLISHED, published);
        assertEquals("models/m/v1/manifest.json", published.manifestKey());
        ModelStatus loaded = new ModelStatus("m", "v1", ModelStatus.Status.LOADED, null, "worker-0", T0);
        assertValid(MessageKind.MODEL_STATUS, loaded);
        assertEquals("loaded", Json.mapper().valueToTree(loaded).get("status").asText());
        ModelStatus rejectedWithoutReason =
                new ModelStatus("m", "v1", ModelStatus.Status.REJECTED, null, "worker-0", T0);
        assertTrue(VALIDATOR.validate(MessageKind.MODEL_STATUS, Json.write(rejectedWithoutReason))
                .has("/reason", "required"));
    }

    @Test
    void jobManifestOfARequestValidates() {
        JobRequest request = generate(1, List.of(2));
        JobManifest manifest = JobManifest.of(request, "cifar10-udpm", "v1", T0,
                List.of(StoredObject.of(ObjectKeys.imageKey("g1", 0), "b".repeat(64), 100, ObjectKeys.PNG)));
        assertEquals(JobManifest.FORMAT_VERSION, manifest.formatVersion());
        assertEquals("jobs/g1/manifest.json", manifest.key());
        assertValid(MessageKind.JOB_MANIFEST, manifest);
        assertEquals(manifest, Json.read(Json.write(manifest), JobManifest.class));
    }
}
