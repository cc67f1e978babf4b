package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.status.JobPhase;
import dev.udpm.schemas.status.JobState;
import dev.udpm.schemas.status.JobStateFold;
import dev.udpm.schemas.validation.Violation;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The pure pieces: progress bar, job state, flag names, durations, file completion. */
class UnitsTest {

    static final Instant T = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void progressBarFillsFloorOfWidthTimesFraction() {
        assertEquals("[#####-----]  8/16  50%", ProgressBar.render(8, 16, 10));
        assertEquals("[----------]  0/16   0%", ProgressBar.render(0, 16, 10));
        assertEquals("[##########] 16/16 100%", ProgressBar.render(16, 16, 10));
        // 1/3 of 10 cells = 3.33 -> 3 cells; 33.3 % -> 33 %
        assertEquals("[###-------] 1/3  33%", ProgressBar.render(1, 3, 10));
        assertEquals("[##########] 3/3 100%", ProgressBar.render(7, 3, 10), "done is clamped to total");
        assertThrows(IllegalArgumentException.class, () -> ProgressBar.render(0, 0, 10));
    }

    @Test
    void statusSummaryShowsTheFleetsFoldOfTheEvents() {
        JobState running = JobStateFold.fold(List.of(new JobAccepted("j", T, "w1", null),
                new JobProgress("j", T, "w2", null, 3, 8)));
        assertEquals(JobPhase.RUNNING, running.status());
        assertEquals("running 3/8", StateText.summary(running));
        assertEquals("w2", running.workerId());

        JobState failed = JobStateFold.fold(List.of(new JobAccepted("j", T, "w1", null),
                new JobFailed("j", T, "w1", null, FailureCode.INTERNAL, "boom", null)));
        assertEquals("failed", StateText.summary(failed));
        // schemas/README.md: a resent request answered after a failure completes; the fold says completed, as the
        // REST API does (the CLI's own fold used to keep the first terminal event)
        JobState resent = JobStateFold.fold(List.of(new JobAccepted("j", T, "w1", null),
                new JobFailed("j", T, "w1", null, FailureCode.STORAGE_UNAVAILABLE, "store down", null),
                new JobCompleted("j", T, "w2", null, List.of(), "jobs/j/manifest.json", "m", "v1", null)));
        assertEquals("completed", StateText.summary(resent));
        JobState conflict = JobStateFold.fold(List.of(new JobAccepted("j", T, "w1", null),
                new JobProgress("j", T, "w1", null, 3, 8),
                new JobFailed("j", T, "w1", null, FailureCode.JOB_ID_CONFLICT, "other request", null)));
        assertEquals("running 3/8", StateText.summary(conflict), "another request's id conflict is not this job's end");

        assertEquals("accepted", StateText.summary(JobStateFold.fold(List.of(new JobAccepted("j", T, null, null)))));
        assertThrows(IllegalArgumentException.class, () -> JobStateFold.fold(List.of()));
    }

    @Test
    void violationsNameTheNearestMappedFlag() {
        Map<String, String> flags = RequestCheck.withCommon(GenerateCommand.FLAGS);
        assertEquals("--labels", RequestCheck.flagFor("/classLabels/3", flags));
        assertEquals("--grid-columns", RequestCheck.flagFor("/output/gridColumns", flags));
        assertEquals("--model-version", RequestCheck.flagFor("/model/version", flags));
        assertEquals(null, RequestCheck.flagFor("/submittedAt", flags));
        assertEquals("--count (/count, maximum): must have a maximum value of 256",
                RequestCheck.describe(new Violation("/count", "maximum", "/count: must have a maximum value of 256"), flags));
        assertEquals("/seed (required): missing", RequestCheck.describe(new Violation("/seed", "required", "/seed: missing"),
                Map.of()));
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse("30s"));
        assertEquals(Duration.ofMinutes(10), DurationConverter.parse("10m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("PT1M30S"));
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse("-PT1S"));
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse("ten"));
    }

    @Test
    void aFileIsCompletedWithIdAndTimeButKeepsWhatItHas() throws Exception {
        String filled = SubmitCommand.completed("{\"type\":\"swap\"}", null, T);
        var node = Json.mapper().readTree(filled);
        assertEquals("2025-06-01T12:00:00Z", node.get("submittedAt").asText());
        assertEquals(true, node.get("jobId").asText().matches("swap-20250601-120000-[0-9a-f]{4}"), filled);

        var kept = Json.mapper().readTree(SubmitCommand.completed(
                "{\"type\":\"swap\",\"jobId\":\"mine\",\"submittedAt\":\"2024-01-01T00:00:00Z\"}", null, T));
        assertEquals("mine", kept.get("jobId").asText());
        assertEquals("2024-01-01T00:00:00Z", kept.get("submittedAt").asText());
        assertEquals("other", Json.mapper().readTree(SubmitCommand.completed("{\"jobId\":\"mine\"}", "other", T))
                .get("jobId").asText());
        assertEquals("[1,2]", SubmitCommand.completed("[1,2]", null, T), "non-objects are left to the validator");
    }

    @Test
    void millisAreShownAsSecondsFromTenSeconds() {
        assertEquals("9999 ms", EventText.millis(9_999));
        assertEquals("12.3 s", EventText.millis(12_345));
    }

    @Test
    void nonProblemBodiesAreShownAsTextWithoutMarkup() {
        String html = "<html><body><h1>Resource not found</h1></body></html>";
        assertEquals("Resource not found", ApiClient.problemText(Json.mapper().getNodeFactory().textNode(html), html));
        String longBody = "x".repeat(400);
        assertEquals("x".repeat(300) + " ...", ApiClient.problemText(Json.mapper().getNodeFactory().textNode(longBody),
                longBody));
        assertEquals("(no body)", ApiClient.problemText(Json.mapper().createObjectNode(), ""));
    }
}
