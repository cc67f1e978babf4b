package dev.udpm.worker.bulk;

import static dev.udpm.worker.testmodels.TinyModelFiles.CONDITIONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.worker.events.ShardTaskSink;
import dev.udpm.worker.jobs.JobTrace;
import dev.udpm.worker.jobs.JobTracer;
import dev.udpm.worker.jobs.PipelineFixture;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.output.BulkPlan;
import dev.udpm.worker.output.JobObjects;
import dev.udpm.worker.tenants.TenantQuotas;
import dev.udpm.worker.tracing.OtelJobTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One trace per bulk job, through its split's redelivery and its cancel: the first split stores its span's context in
 * {@code bulk.json} and hands it to every shard record; a redelivered split (whatever its record carries) continues
 * the stored trace, rewrites nothing and republishes the same records; the cancel continues it too. With tracing off
 * nothing of it is written. Real object store (S3Proxy), the tiny model, OpenTelemetry SDK with an in-memory exporter.
 */
class BulkJobTraceTest {

    private static final String BUCKET = "bulk-trace-test";
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @RegisterExtension
    static final PipelineFixture FIXTURE = PipelineFixture.bucket(BUCKET);

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<GenerateShard, Map<String, String>>> records = new CopyOnWriteArrayList<>();

    @Test
    void aRedeliveredSplitAndTheCancelContinueTheTraceTheFirstSplitStored() throws Exception {
        JobObjects objects = new JobObjects(FIXTURE.store());
        JobTracer tracer = new OtelJobTracer(sdk, false);
        ShardCompletion completion = completion(objects, tracer);
        BulkJobSplitter splitter = splitter(objects, completion, tracer);
        String id = "bulk-trace-" + System.nanoTime();
        GenerateJob request = bulk(id, 20);

        splitter.split(request, null, Map.of("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01"))
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        SpanData split = span(JobTrace.BulkStep.SPLIT, 0);
        assertEquals(CALLER_TRACE, split.getTraceId());
        assertEquals(CALLER_SPAN, split.getParentSpanId(), "the split continues its record's trace");
        assertEquals(CALLER_TRACE, accepted(0).traceId());
        Map<String, String> context = Map.of("traceparent", "00-" + CALLER_TRACE + "-" + split.getSpanId() + "-01");
        assertEquals(3, records.size(), "20 images in shards of 8");
        records.forEach(r -> assertEquals(context, r.getValue(), "shard " + r.getKey().shard().index()
                + " continues the split's span"));
        byte[] planBytes = FIXTURE.store().get(ObjectKeys.bulkKey(id));
        assertEquals(context, objects.bulkPlan(id).orElseThrow().traceContext(), "bulk.json keeps the context");

        List<Map.Entry<GenerateShard, Map<String, String>>> first = List.copyOf(records);
        records.clear();
        splitter.split(request, null, Map.of()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(first, records, "a redelivered split republishes the same records, headers included");
        assertEquals(new String(planBytes, StandardCharsets.UTF_8), new String(FIXTURE.store().get(ObjectKeys.bulkKey(id)),
                StandardCharsets.UTF_8), "bulk.json is not rewritten: no new trace id");
        SpanData again = span(JobTrace.BulkStep.SPLIT, 1);
        assertEquals(CALLER_TRACE, again.getTraceId(), "a redelivery without a traceparent stays in the job's trace");
        assertEquals(split.getSpanId(), again.getParentSpanId());
        assertEquals(CALLER_TRACE, accepted(1).traceId());

        completion.cancel(id).orElseThrow().toCompletableFuture().get(60, TimeUnit.SECONDS);
        JobCancelled cancelled = (JobCancelled) events.get(events.size() - 1);
        assertEquals(CALLER_TRACE, cancelled.traceId(), "the cancel continues the stored trace");
        assertEquals(split.getSpanId(), span(JobTrace.BulkStep.CANCEL, 0).getParentSpanId());
    }

    @Test
    void untracedNothingIsStoredOrSentAndAnOlderBulkJsonIsStillRead() throws Exception {
        JobObjects objects = new JobObjects(FIXTURE.store());
        ShardCompletion completion = completion(objects, new OtelJobTracer(sdk, true));
        String id = "bulk-untraced-" + System.nanoTime();
        splitter(objects, completion, new OtelJobTracer(sdk, true)).split(bulk(id, 16), null, Map.of(
                "traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertNull(accepted(0).traceId());
        assertEquals(2, records.size());
        records.forEach(r -> assertEquals(Map.of(), r.getValue(), "no trace header"));
        String json = new String(FIXTURE.store().get(ObjectKeys.bulkKey(id)), StandardCharsets.UTF_8);
        assertFalse(json.contains("traceContext"), "bulk.json as before: " + json);
        assertEquals(0, spans.getFinishedSpanItems().size());

        BulkPlan read = objects.bulkPlan(id).orElseThrow();
        assertNull(read.traceContext(), "a bulk.json without the field (an older one) reads as untraced");
        String newer = json.substring(0, json.length() - 1) + ",\"somethingNewer\":{\"a\":1}}";
        FIXTURE.store().putText(ObjectKeys.bulkKey(id), newer, ObjectKeys.JSON);
        assertEquals(read, objects.bulkPlan(id).orElseThrow(), "a property of a newer worker is ignored");
    }

    private ShardCompletion completion(JobObjects objects, JobTracer tracer) {
        return new ShardCompletion(objects, this::record, id -> false, id -> false, "test-worker", tracer,
                Clock.systemUTC());
    }

    private BulkJobSplitter splitter(JobObjects objects, ShardCompletion completion, JobTracer tracer) {
        ShardTaskSink sink = (task, context) -> {
            records.add(Map.entry((GenerateShard) task, context));
            return CompletableFuture.completedFuture(null);
        };
        return new BulkJobSplitter(objects, FIXTURE.registry(), sink, this::record, completion, id -> false,
                id -> Optional.empty(), 8, "test-worker", TenantQuotas.unlimited(Clock.systemUTC()), tracer,
                Clock.systemUTC());
    }

    private CompletableFuture<Void> record(JobEvent event) {
        events.add(event);
        return CompletableFuture.completedFuture(null);
    }

    private JobAccepted accepted(int n) {
        List<JobEvent> accepted = events.stream().filter(e -> e instanceof JobAccepted).toList();
        assertTrue(accepted.size() > n, "accepted events: " + events);
        return (JobAccepted) accepted.get(n);
    }

    private SpanData span(String name, int n) {
        List<SpanData> named = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertTrue(named.size() > n, name + " spans: " + named);
        SpanData span = named.get(n);
        assertNotNull(span);
        return span;
    }

    private static GenerateJob bulk(String jobId, int count) {
        return (GenerateJob) Requests.parse(Requests.generate(jobId, CONDITIONAL, count, 1,
                "\"classLabels\":[2],\"bulk\":true"));
    }
}
