package dev.udpm.worker.api;

import java.util.List;

import dev.udpm.rest.ApiCaller;
import dev.udpm.rest.Problem;
import dev.udpm.rest.Problems;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.SafeName;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.validation.Violation;
import dev.udpm.worker.status.JobStatusQuery;
import dev.udpm.worker.status.JobStatusUnavailableException;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code GET /v1/jobs/{jobId}/events}: a job's events as Server-Sent Events, from the fleet-wide job state, so any
 * instance answers. Each event is {@code id:} its offset in {@code udpm.job-events} (grows per job, the same on every
 * instance), {@code event:} its type, {@code data:} the event JSON exactly as on the topic; a client that
 * reconnects with {@code Last-Event-ID} gets only what came after. The stream ends after the event that ends the job
 * (completed, failed, cancelled), sends comment heartbeats while idle, and lasts at most
 * {@code udpm.worker.event-streams.max-duration}. Same keys and tenant rule as {@code GET /v1/jobs/{jobId}}:
 * another tenant's job is a 404 like an unknown one. Streaming: {@link JobEventStreams}.
 */
@Path("/v1/jobs/{jobId}/events")
@Tag(name = "jobs", description = "Image-generation jobs")
@SecurityRequirement(name = "bearer")
@SecurityRequirement(name = "apiKey")
public class JobEventsResource {

    /** The header a reconnecting SSE client sends (the {@code id} of the last event it got). */
    public static final String LAST_EVENT_ID = "Last-Event-ID";

    @Inject
    JobStatusQuery statuses;

    @Inject
    JobEventStreams streams;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow a job's events (Server-Sent Events)", description = "One SSE event per job event"
            + " (accepted, progress, completed, failed, cancelled): id = its offset in udpm.job-events, event = its"
            + " type, data = the event JSON. Resume with Last-Event-ID. Ends after the terminal event; heartbeat"
            + " comments while idle; bounded lifetime (reconnect). A late client gets accepted, the latest"
            + " progress and what follows.")
    @APIResponse(responseCode = "200", description = "The stream", content = @Content(
            mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(responseCode = "400", description = "Not a valid job id, or Last-Event-ID is not an event id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid credentials",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No event of this job yet that this key may see",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The status store is being built, or this instance has its"
            + " maximum of open streams; retry (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> events(@PathParam("jobId") String jobId,
                                          @HeaderParam(LAST_EVENT_ID) String lastEventId,
                                          @Context SecurityContext security, @Context Sse sse) {
        if (!SafeName.isSafe(jobId)) {
            throw new Refused(Problems.invalidRequest(List.of(new Violation("/jobId", "pattern", "/jobId: '" + jobId
                    + "' is not a job id (letters, digits, '.', '_', '-'; at most 128; starts with a letter or"
                    + " digit)"))));
        }
        long after = lastEventId(lastEventId);
        ApiCaller caller = ApiCaller.of(security);
        boolean visible;
        try {
            visible = statuses.find(jobId).filter(state -> caller.mayAccess(state.tenant())).isPresent();
        } catch (JobStatusUnavailableException e) {
            throw new Refused(retryLater(e.getMessage(), 5));
        }
        if (!visible) {
            throw new Refused(Problems.of(404, "Not Found", "no event of job " + jobId + " on " + Topics.JOB_EVENTS
                    + " that this key may see: the jobId is unknown, or the job is still queued on " + Topics.JOBS
                    + " (a worker writes 'accepted' when it takes it); retry later"));
        }
        Multi<JobEventStreams.Item> items = streams.stream(jobId, after);
        if (items == null) {
            throw new Refused(retryLater("this instance has its maximum of open event streams"
                    + " (udpm.worker.event-streams.max-streams); retry, or ask another instance", 2));
        }
        return items.map(item -> toSse(sse, item));
    }

    /** The class's refusals as their own problem responses (the generic mapper would drop Retry-After). */
    @ServerExceptionMapper
    public Response refused(Refused refused) {
        return refused.response;
    }

    private static OutboundSseEvent toSse(Sse sse, JobEventStreams.Item item) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder();
        if (item.comment() != null) {
            builder.comment(item.comment());
        }
        if (item.retryMillis() >= 0) {
            builder.reconnectDelay(item.retryMillis());
        }
        if (item.isEvent()) {
            builder.id(item.id()).name(item.event()).data(String.class, item.data());
        }
        return builder.build();
    }

    /** The offset after which to resume: {@code -1} without the header. */
    private static long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            long id = Long.parseLong(header.strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        String shown = header.length() > 40 ? header.substring(0, 40) + "..." : header;
        throw new Refused(Problems.invalidRequest(List.of(new Violation("/headers/" + LAST_EVENT_ID, "format",
                LAST_EVENT_ID + ": '" + shown + "' is not the id of an event of this stream (a non-negative"
                        + " integer)"))));
    }

    private static Response retryLater(String detail, int seconds) {
        return Response.fromResponse(Problems.of(503, "Service Unavailable", detail))
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(seconds)).build();
    }

    /** A request refused before its stream starts, with the problem response to send. */
    static final class Refused extends RuntimeException {

        private final transient Response response;

        Refused(Response response) {
            super(null, null, false, false);
            this.response = withJsonBody(response);
        }

        /** The problem as a JSON string body (the method produces text/event-stream, no problem writer). */
        private static Response withJsonBody(Response response) {
            Object entity = response.getEntity();
            return Response.fromResponse(response).entity(entity instanceof Problem problem ? Json.write(problem)
                    : entity).type(Problem.MEDIA_TYPE).build();
        }
    }
}
