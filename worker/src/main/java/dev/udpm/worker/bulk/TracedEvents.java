package dev.udpm.worker.bulk;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import dev.udpm.schemas.event.JobEvent;
import dev.udpm.worker.events.JobEventSink;
import dev.udpm.worker.jobs.JobTrace;

/** The events a bulk job's own steps write: stamped with the step's trace id, each write an event stage of it. */
final class TracedEvents {

    private TracedEvents() {
    }

    /** Writes {@code event} with {@code trace}'s id (none when untraced); completes once the broker acknowledged it. */
    static CompletionStage<Void> publish(JobEventSink events, JobEvent event, JobTrace trace, Clock clock) {
        Instant start = clock.instant();
        JobEvent stamped = trace.traceId() == null ? event : event.withTraceId(trace.traceId());
        return events.publish(stamped).whenComplete((ok, failure) -> trace.stage(JobTrace.Stage.EVENT, start,
                clock.instant(), Map.of(JobTrace.Attr.EVENT_TYPE, event.eventType()),
                failure == null ? null : String.valueOf(failure)));
    }
}
