package dev.udpm.worker.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.rest.ApiCaller;
import dev.udpm.rest.ApiKeyAuthenticator;
import dev.udpm.rest.Problem;
import dev.udpm.rest.Problems;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.SafeName;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.job.CancelJob;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.InterpolateJob;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.PerturbJob;
import dev.udpm.schemas.job.SwapJob;
import dev.udpm.schemas.status.JobState;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import dev.udpm.schemas.validation.Violation;
import dev.udpm.worker.jobs.JobsConfig;
import dev.udpm.worker.status.JobStatusQuery;
import dev.udpm.worker.status.JobStatusUnavailableException;
import dev.udpm.worker.tenants.QuotaExceeded;
import dev.udpm.worker.tenants.TenantQuotas;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * {@code /v1/jobs}: submit a job (validated, then written to {@code udpm.jobs}), look up its state (the fleet-wide
 * job-status store, {@link JobStatusQuery}) and cancel it (a cancel record on {@code udpm.jobs}).
 *
 * <p>Tenants: a tenant key ({@code udpm.worker.api.tenant-keys}) stamps its tenant into the jobs it submits (a body
 * naming another tenant is refused with 403), and sees and cancels only jobs whose state carries its tenant (others
 * are 404, as if unknown). The tenant reaches the state through the job's {@code accepted} event, so a job still
 * queued cannot be cancelled with a tenant key yet. Admin keys ({@code udpm.worker.api.keys}) see every job.
 *
 * <p>Quotas: a job that would take its tenant over an image quota ({@link TenantQuotas#check}, the rule the Kafka
 * intake applies at admission) is refused with 429 and {@code Retry-After} before anything is written to Kafka.
 */
@Path("/v1/jobs")
@Tag(name = "jobs", description = "Image-generation jobs")
@SecuritySchemes({
    @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
            description = "Authorization: Bearer <key> (a key from udpm.worker.api.keys)"),
    @SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
            apiKeyName = ApiKeyAuthenticator.API_KEY_HEADER, description = "X-API-Key: <key>")
})
@SecurityRequirement(name = "bearer")
@SecurityRequirement(name = "apiKey")
public class JobsResource {

    private static final Logger LOG = Logger.getLogger(JobsResource.class);

    @Inject
    JobSubmitter submitter;

    @Inject
    JobStatusQuery statuses;

    @Inject
    ApiConfig config;

    @Inject
    JobsConfig jobs;

    @Inject
    TenantQuotas quotas;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Submit a job", description = "Validates the body against job-request.schema.json and"
            + " writes it to udpm.jobs (key = jobId). Results arrive on udpm.job-events and in the object store.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            oneOf = {GenerateJob.class, InterpolateJob.class, SwapJob.class, PerturbJob.class, CancelJob.class},
            discriminatorProperty = "type", discriminatorMapping = {
                @DiscriminatorMapping(value = GenerateJob.TYPE, schema = GenerateJob.class),
                @DiscriminatorMapping(value = InterpolateJob.TYPE, schema = InterpolateJob.class),
                @DiscriminatorMapping(value = SwapJob.TYPE, schema = SwapJob.class),
                @DiscriminatorMapping(value = PerturbJob.TYPE, schema = PerturbJob.class),
                @DiscriminatorMapping(value = CancelJob.TYPE, schema = CancelJob.class)})))
    @APIResponse(responseCode = "202", description = "Accepted: the job is on udpm.jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobSubmitted.class)))
    @APIResponse(responseCode = "400", description = "The body breaks the contract; violations name the fields",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid credentials",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "A tenant key named another tenant in /tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "The tenant is over a quota (images in flight, images per"
            + " hour) or its request rate; the detail names the limit, Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge the job in time; retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> submit(String body, @Context SecurityContext security) {
        ValidationResult result = ContractValidator.shared().validate(MessageKind.JOB_REQUEST, body == null ? "" : body);
        if (!result.valid()) {
            return Uni.createFrom().item(Problems.invalidRequest(result.violations()));
        }
        JobRequest job = (JobRequest) result.value();
        if (!jobs.presignedUrls() && job instanceof GenerateJob generate
                && generate.outputOrDefault().wantsPresignedUrls()) {
            return Uni.createFrom().item(Problems.invalidRequest(List.of(new Violation("/output/presignedUrls",
                    "presigned-urls", "/output/presignedUrls: this fleet hands out no presigned URLs"
                    + " (udpm.worker.jobs.presigned-urls=false); fetch the objects by key with object-store"
                    + " credentials"))));
        }
        ApiCaller caller = ApiCaller.of(security);
        String json = body;
        if (!caller.isAdmin()) {
            if (job.tenant() != null && !job.tenant().equals(caller.tenant())) {
                return Uni.createFrom().item(Problems.of(403, "Forbidden", "field /tenant: this key belongs to"
                        + " tenant " + caller.tenant() + "; a job may name only its own tenant (or none: it is"
                        + " stamped)"));
            }
            if (job instanceof CancelJob && !owned(job.jobId(), caller)) {
                return Uni.createFrom().item(unknownJob(job.jobId()));
            }
            if (job.tenant() == null) {
                json = withTenant(body, caller.tenant());
                job = (JobRequest) ContractValidator.shared().validate(MessageKind.JOB_REQUEST, json).value();
            }
        }
        Optional<Response> overQuota = overQuota(job);
        if (overQuota.isPresent()) {
            return Uni.createFrom().item(overQuota.get());
        }
        Duration timeout = config.submitTimeout();
        JobRequest submitted = job;
        return submitter.submit(job, json)
                .ifNoItem().after(timeout).fail()
                .map(ignored -> {
                    String statusUrl = "/v1/jobs/" + submitted.jobId();
                    return Response.accepted(new JobSubmitted(submitted.jobId(), "submitted", statusUrl))
                            .location(URI.create(statusUrl)).type(MediaType.APPLICATION_JSON).build();
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf("Job %s could not be written to udpm.jobs: %s", submitted.jobId(), e.toString());
                    return Problems.of(503, "Service Unavailable", "job " + submitted.jobId() + " was valid but"
                            + " could not be written to udpm.jobs within " + timeout + " ("
                            + e.getClass().getSimpleName() + "); nothing was submitted, retry later");
                });
    }

    @GET
    @Path("/{jobId}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Look up a job's state", description = "accepted / running (done of total) / completed"
            + " (object keys, manifest, model version) / failed (code, message, field) / cancelled, folded from"
            + " udpm.job-events into a Kafka Streams global store: every worker instance answers the same")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JobState.class)))
    @APIResponse(responseCode = "400", description = "Not a valid job id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid credentials",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No event of this job yet (unknown, or still queued)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The status store is being built; retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response status(@PathParam("jobId") String jobId, @Context SecurityContext security) {
        Optional<Response> invalid = checkJobId(jobId);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        ApiCaller caller = ApiCaller.of(security);
        try {
            return statuses.find(jobId)
                    .filter(state -> caller.mayAccess(state.tenant()))
                    .map(state -> Response.ok(state).type(MediaType.APPLICATION_JSON).build())
                    .orElseGet(() -> unknownJob(jobId));
        } catch (JobStatusUnavailableException e) {
            return Problems.of(503, "Service Unavailable", e.getMessage());
        }
    }

    @DELETE
    @Path("/{jobId}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Cancel a job", description = "Writes a cancel record (type cancel, key = jobId) to"
            + " udpm.jobs; the worker holding the job stops it within one batch, writes 'cancelled' and no manifest."
            + " A job that has already ended is left as it is (409).")
    @APIResponse(responseCode = "202", description = "The cancel is on udpm.jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobSubmitted.class)))
    @APIResponse(responseCode = "400", description = "Not a valid job id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid credentials",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The job has already completed, failed or been cancelled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge the cancel in time; retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> cancel(@PathParam("jobId") String jobId, @Context SecurityContext security) {
        Optional<Response> invalid = checkJobId(jobId);
        if (invalid.isPresent()) {
            return Uni.createFrom().item(invalid.get());
        }
        if (!owned(jobId, ApiCaller.of(security))) {
            return Uni.createFrom().item(unknownJob(jobId));
        }
        Optional<JobState> ended = endedState(jobId);
        if (ended.isPresent()) {
            return Uni.createFrom().item(Problems.of(409, "Conflict", "job " + jobId + " has already ended as "
                    + ended.get().status().name().toLowerCase(Locale.ROOT) + "; there is nothing to cancel"));
        }
        Duration timeout = config.submitTimeout();
        return submitter.cancel(jobId)
                .ifNoItem().after(timeout).fail()
                .map(ignored -> {
                    String statusUrl = "/v1/jobs/" + jobId;
                    return Response.accepted(new JobSubmitted(jobId, "cancel-requested", statusUrl))
                            .location(URI.create(statusUrl)).type(MediaType.APPLICATION_JSON).build();
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf("Cancel of job %s could not be written to udpm.jobs: %s", jobId, e.toString());
                    return Problems.of(503, "Service Unavailable", "the cancel of job " + jobId + " could not be"
                            + " written to udpm.jobs within " + timeout + " (" + e.getClass().getSimpleName()
                            + "); the job was not cancelled, retry later");
                });
    }

    /**
     * Whether {@code caller} may act on {@code jobId}: an admin always; a tenant only on a job whose state carries
     * its tenant (so not on a job still queued, and not while the store is being built).
     */
    private boolean owned(String jobId, ApiCaller caller) {
        if (caller.isAdmin()) {
            return true;
        }
        try {
            return statuses.find(jobId).filter(state -> caller.mayAccess(state.tenant())).isPresent();
        } catch (JobStatusUnavailableException e) {
            return false;
        }
    }

    /**
     * 429 when {@code job} would take its tenant over an image quota on this instance (a bulk job needs room for its
     * first shard); empty for a cancel or a job within its quotas. The Kafka intake checks again at admission, on
     * whichever instance takes the job.
     */
    private Optional<Response> overQuota(JobRequest job) {
        if (job instanceof CancelJob) {
            return Optional.empty();
        }
        int images = job.imageCount();
        boolean bulk = job instanceof GenerateJob generate && generate.bulkRequested();
        try {
            quotas.check(job.tenant(), bulk ? Math.min(images, jobs.shardSize()) : images, images);
            return Optional.empty();
        } catch (QuotaExceeded exceeded) {
            LOG.infof("Job %s refused at the REST door: %s", job.jobId(), exceeded.getMessage());
            return Optional.of(Problems.tooManyRequests(exceeded.getMessage() + "; nothing was submitted, retry after "
                    + exceeded.retryAfterSeconds() + " s", exceeded.retryAfterSeconds()));
        }
    }

    /** 404 for a job this caller cannot see: unknown, still queued, or another tenant's (indistinguishable). */
    private static Response unknownJob(String jobId) {
        return Problems.of(404, "Not Found", "no event of job " + jobId + " on " + Topics.JOB_EVENTS + " that this"
                + " key may see: the jobId is unknown, or the job is still queued on " + Topics.JOBS + " (a worker"
                + " writes 'accepted' when it takes it); retry later");
    }

    /** {@code body} (a valid job request without tenant) with {@code "tenant": tenant} added. */
    private static String withTenant(String body, String tenant) {
        try {
            ObjectNode request = (ObjectNode) Json.mapper().readTree(body);
            request.put("tenant", tenant);
            return Json.mapper().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validated job request could not be read again: " + e, e);
        }
    }

    /** The job's state if the store knows it has ended; empty if running, unknown, or the store is not ready. */
    private Optional<JobState> endedState(String jobId) {
        try {
            return statuses.find(jobId).filter(state -> state.status().terminal());
        } catch (JobStatusUnavailableException e) {
            return Optional.empty();
        }
    }

    private static Optional<Response> checkJobId(String jobId) {
        if (SafeName.isSafe(jobId)) {
            return Optional.empty();
        }
        return Optional.of(Problems.invalidRequest(List.of(new Violation("/jobId", "pattern", "/jobId: '" + jobId
                + "' is not a job id (letters, digits, '.', '_', '-'; at most 128; starts with a letter or digit)"))));
    }
}
