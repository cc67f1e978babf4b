package dev.udpm.worker.tracing;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C trace-context headers of a Kafka record ({@code traceparent}, {@code tracestate}), as the pipeline's
 * tracing port takes them. Whoever wrote the record chose them: values longer than {@value #MAX_BYTES} bytes are
 * ignored, and the propagator ignores a malformed {@code traceparent} (the job then starts a trace of its own).
 */
public final class TraceContextHeaders {

    /** W3C {@code traceparent} header. */
    public static final String TRACEPARENT = "traceparent";
    /** W3C {@code tracestate} header. */
    public static final String TRACESTATE = "tracestate";
    /** Longest header value taken (a traceparent is 55 characters; tracestate allows 32 entries of up to 256). */
    static final int MAX_BYTES = 8192;

    private TraceContextHeaders() {
    }

    /** The record's last {@code traceparent} and {@code tracestate} values; empty when it has none. */
    public static Map<String, String> of(Headers headers) {
        Map<String, String> context = new HashMap<>(2);
        if (headers == null) {
            return context;
        }
        for (String key : new String[] {TRACEPARENT, TRACESTATE}) {
            Header header = headers.lastHeader(key);
            if (header != null && header.value() != null && header.value().length <= MAX_BYTES) {
                context.put(key, new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return context;
    }
}
