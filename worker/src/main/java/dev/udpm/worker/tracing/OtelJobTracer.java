package dev.udpm.worker.tracing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.udpm.worker.jobs.JobTrace;
import dev.udpm.worker.jobs.JobTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link JobTracer} on OpenTelemetry: a span {@value #JOB_SPAN} per execution (child of the trace context its record
 * carried, through the configured propagators: W3C trace context), its stages as child spans with the times the
 * pipeline measured; a bulk job's own steps (split, completion, cancel) as spans of their own ({@link
 * JobTrace.BulkStep}), which hand their context on to the records written for them ({@link JobTrace#context()}).
 * With the SDK disabled ({@code quarkus.otel.sdk.disabled}) nothing is recorded and traces have
 * no id (events carry no traceId).
 */
@ApplicationScoped
public class OtelJobTracer implements JobTracer {

    /** Name of an execution's span. */
    public static final String JOB_SPAN = "udpm.job";
    /** Instrumentation scope of the worker's own spans. */
    public static final String SCOPE = "dev.udpm.worker";

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static final TextMapSetter<Map<String, String>> SETTER = (carrier, key, value) -> carrier.put(key, value);

    private final OpenTelemetry otel;
    private final Tracer tracer;
    private final boolean disabled;

    /**
     * @param disabled Quarkus' {@code quarkus.otel.sdk.disabled}: the disabled SDK still hands out recording spans
     *     (exported nowhere, propagators off), so the tracer checks the switch itself and traces nothing then
     */
    @Inject
    public OtelJobTracer(OpenTelemetry otel,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean disabled) {
        this.otel = otel;
        this.tracer = otel.getTracer(SCOPE);
        this.disabled = disabled;
    }

    @Override
    public JobTrace start(String jobId, String key, String jobType, Map<String, String> parent, Instant start) {
        if (disabled) {
            return JobTrace.NONE;
        }
        return traced(tracer.spanBuilder(JOB_SPAN).setParent(extract(parent)).setSpanKind(SpanKind.CONSUMER)
                .setStartTimestamp(start).setAttribute(JobTrace.Attr.JOB_ID, jobId)
                .setAttribute("udpm.job.key", key).setAttribute("udpm.job.type", jobType).startSpan());
    }

    @Override
    public JobTrace startBulk(String step, String jobId, Map<String, String> parent, Instant start) {
        if (disabled) {
            return JobTrace.NONE;
        }
        return traced(tracer.spanBuilder(step).setParent(extract(parent)).setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(start).setAttribute(JobTrace.Attr.JOB_ID, jobId).startSpan());
    }

    private Context extract(Map<String, String> parent) {
        return otel.getPropagators().getTextMapPropagator().extract(Context.root(), parent, GETTER);
    }

    /** {@code span}'s trace, or {@link JobTrace#NONE} when it is not recorded (not sampled). */
    private JobTrace traced(Span span) {
        if (!span.getSpanContext().isValid() || !span.isRecording()) {
            span.end();
            return JobTrace.NONE;
        }
        return new OtelJobTrace(span);
    }

    private final class OtelJobTrace implements JobTrace {

        private final Span span;
        private final Context context;
        private final AtomicBoolean ended = new AtomicBoolean();

        OtelJobTrace(Span span) {
            this.span = span;
            this.context = Context.root().with(span);
        }

        @Override
        public String traceId() {
            return span.getSpanContext().getTraceId();
        }

        @Override
        public Map<String, String> context() {
            Map<String, String> headers = new HashMap<>(2);
            otel.getPropagators().getTextMapPropagator().inject(context, headers, SETTER);
            return Map.copyOf(headers);
        }

        @Override
        public void stage(String name, Instant start, Instant end, Map<String, Object> attributes, String error) {
            SpanBuilder builder = tracer.spanBuilder(name).setParent(context).setStartTimestamp(start);
            Span stage = builder.setAllAttributes(attributes(attributes)).startSpan();
            if (error != null) {
                stage.setStatus(StatusCode.ERROR, error);
            }
            stage.end(end.isBefore(start) ? start : end);
        }

        @Override
        public void end(Instant end, String outcome, String failureCode) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            span.setAttribute(JobTrace.Attr.OUTCOME, outcome);
            if (failureCode != null) {
                span.setAttribute(JobTrace.Attr.FAILURE_CODE, failureCode);
                span.setStatus(StatusCode.ERROR, failureCode);
            }
            span.end(end);
        }
    }

    private static Attributes attributes(Map<String, Object> values) {
        AttributesBuilder builder = Attributes.builder();
        values.forEach((k, v) -> {
            if (v instanceof Long l) {
                builder.put(k, l);
            } else if (v instanceof Integer i) {
                builder.put(k, i.longValue());
            } else if (v instanceof Boolean b) {
                builder.put(k, b);
            } else {
                builder.put(k, String.valueOf(v));
            }
        });
        return builder.build();
    }
}
