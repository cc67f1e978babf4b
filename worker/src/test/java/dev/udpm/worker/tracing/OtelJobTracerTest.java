package dev.udpm.worker.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.udpm.worker.jobs.JobTrace;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry adapter of the pipeline's tracing port, on an SDK with an in-memory exporter. */
class OtelJobTracerTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();

    @Test
    void anExecutionContinuesItsRecordsTraceWithItsStagesAsChildren() {
        Instant t0 = Instant.parse("2026-12-07T12:00:00Z");
        JobTrace trace = new OtelJobTracer(sdk, false).start("job-1", "job-1", "generate",
                Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01"), t0);
        assertEquals(TRACE, trace.traceId());
        trace.stage(JobTrace.Stage.CHAIN, t0.plusMillis(5), t0.plusMillis(9), Map.of(JobTrace.Attr.IMAGES, 3L), null);
        trace.end(t0.plusMillis(20), "completed", null);
        trace.end(t0.plusMillis(30), "completed", null);
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertEquals(2, finished.size(), "one stage, one job span (ended once)");
        SpanData job = finished.get(1);
        assertEquals(OtelJobTracer.JOB_SPAN, job.getName());
        assertEquals(PARENT, job.getParentSpanId());
        assertEquals(t0.plusMillis(20).toEpochMilli() * 1_000_000, job.getEndEpochNanos());
        SpanData chain = finished.get(0);
        assertEquals(job.getSpanId(), chain.getParentSpanId());
        assertEquals(4_000_000, chain.getEndEpochNanos() - chain.getStartEpochNanos());
    }

    @Test
    void withoutATraceparentTheExecutionStartsATraceOfItsOwn() {
        JobTrace trace = new OtelJobTracer(sdk, false).start("job-2", "job-2", "generate", Map.of("traceparent",
                "garbage"), Instant.now());
        assertEquals(32, trace.traceId().length());
        trace.end(Instant.now(), "failed", "INTERNAL");
        assertEquals("0000000000000000", spans.getFinishedSpanItems().get(0).getParentSpanId());
    }

    @Test
    void aBulkStepHandsItsContextOnSoThatWhatContinuesItIsItsChild() {
        OtelJobTracer tracer = new OtelJobTracer(sdk, false);
        JobTrace split = tracer.startBulk(JobTrace.BulkStep.SPLIT, "bulk-1", Map.of("traceparent",
                "00-" + TRACE + "-" + PARENT + "-01"), Instant.now());
        Map<String, String> context = split.context();
        split.end(Instant.now(), "split", null);
        SpanData splitSpan = spans.getFinishedSpanItems().get(0);
        assertEquals(JobTrace.BulkStep.SPLIT, splitSpan.getName());
        assertEquals(PARENT, splitSpan.getParentSpanId());
        assertEquals(Map.of("traceparent", "00-" + TRACE + "-" + splitSpan.getSpanId() + "-01"), context);

        JobTrace shard = tracer.start("bulk-1", "bulk-1#s0", "generate", context, Instant.now());
        shard.end(Instant.now(), "completed", null);
        assertEquals(TRACE, shard.traceId());
        assertEquals(splitSpan.getSpanId(), spans.getFinishedSpanItems().get(1).getParentSpanId());
    }

    @Test
    void theDisabledSdkTracesNothing() {
        JobTrace trace = new OtelJobTracer(sdk, true).start("job-3", "job-3", "generate", Map.of(), Instant.now());
        assertSame(JobTrace.NONE, trace);
        assertNull(trace.traceId());
        trace.end(Instant.now(), "completed", null);
        assertSame(JobTrace.NONE, new OtelJobTracer(sdk, true).startBulk(JobTrace.BulkStep.SPLIT, "bulk-2", Map.of(),
                Instant.now()));
        assertEquals(Map.of(), trace.context(), "no context to hand on");
        assertEquals(0, spans.getFinishedSpanItems().size());
    }
}
