package dev.udpm.worker.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.job.CancelJob;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.InterpolateJob;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.PerturbJob;
import dev.udpm.schemas.job.SwapJob;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import dev.udpm.schemas.validation.Violation;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectStore;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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

/** {@code /v1/jobs}: submit a job (validated, then written to {@code udpm.jobs}) and look up its result. */
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
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    @Inject
    JobSubmitter submitter;

    @Inject
    ObjectStore store;

    @Inject
    ApiConfig config;

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
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge the job in time; retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> submit(String body) {
        ValidationResult result = ContractValidator.shared().validate(MessageKind.JOB_REQUEST, body == null ? "" : body);
        if (!result.valid()) {
            return Uni.createFrom().item(Problems.invalidRequest(result.violations()));
        }
        JobRequest job = (JobRequest) result.value();
        Duration timeout = config.submitTimeout();
        return submitter.submit(job, body)
                .ifNoItem().after(timeout).fail()
                .map(ignored -> {
                    String statusUrl = "/v1/jobs/" + job.jobId();
                    return Response.accepted(new JobSubmitted(job.jobId(), "submitted", statusUrl))
                            .location(URI.create(statusUrl)).type(MediaType.APPLICATION_JSON).build();
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf("Job %s could not be written to udpm.jobs: %s", job.jobId(), e.toString());
                    return Problems.of(503, "Service Unavailable", "job " + job.jobId() + " was valid but could not"
                            + " be written to udpm.jobs within " + timeout + " (" + e.getClass().getSimpleName()
                            + "); nothing was submitted, retry later");
                });
    }

    @GET
    @Path("/{jobId}")
    @Blocking
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Look up a job's result", description = "completed with its manifest once"
            + " jobs/{jobId}/manifest.json exists, else pending (follow udpm.job-events for progress and failures)")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JobStatus.class)))
    @APIResponse(responseCode = "400", description = "Not a valid job id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid credentials",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response status(@PathParam("jobId") String jobId) {
        if (!JOB_ID.matcher(jobId).matches()) {
            return Problems.invalidRequest(List.of(new Violation("/jobId", "pattern", "/jobId: '" + jobId
                    + "' is not a job id (letters, digits, '.', '_', '-'; at most 128; starts with a letter or digit)")));
        }
        try {
            JsonNode manifest = Json.mapper().readTree(store.get(ObjectKeys.jobManifestKey(jobId)));
            return Response.ok(new JobStatus(jobId, "completed", manifest, null)).type(MediaType.APPLICATION_JSON)
                    .build();
        } catch (NoSuchObjectException e) {
            return Response.ok(new JobStatus(jobId, "pending", null, "no " + ObjectKeys.jobManifestKey(jobId)
                    + " yet: the job is queued, running, failed or unknown; udpm.job-events (key " + jobId
                    + ") has its events")).type(MediaType.APPLICATION_JSON).build();
        } catch (java.io.IOException e) {
            return Problems.of(500, "Internal Server Error", "the manifest of job " + jobId + " is not JSON: " + e);
        }
    }
}
