package dev.udpm.trainer.api;

import java.net.URI;
import java.util.List;

import dev.udpm.rest.ApiKeyAuthenticator;
import dev.udpm.rest.Problem;
import dev.udpm.trainer.runs.RunService;
import dev.udpm.trainer.runs.RunStatus;
import dev.udpm.trainer.runs.UnknownRunException;
import dev.udpm.trainer.training.RunRequest;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/runs}: start a training run, list runs, read one run's status, stop and resume a run. Thin: the
 * {@link RunService} owns the runs. Every call needs a key from {@code udpm.trainer.api.keys} (a 401 problem
 * otherwise; the shared {@code dev.udpm.rest.ApiAuthFilter} checks it).
 */
@Path("/v1/runs")
@Tag(name = "runs", description = "Training runs (one at a time per trainer instance)")
@SecuritySchemes({
    @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
            description = "Authorization: Bearer <key> (a key from udpm.trainer.api.keys)"),
    @SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
            apiKeyName = ApiKeyAuthenticator.API_KEY_HEADER, description = "X-API-Key: <key>")
})
@SecurityRequirement(name = "bearer")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "401", description = "Missing or invalid credentials",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class RunsResource {

    @Inject
    RunService runs;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a run", description = "Validates the request, writes runs/{runId}/run.json and"
            + " state.json and starts training on this instance. Checkpoints go to runs/{runId}/checkpoints/; at"
            + " the last step the EMA weights are exported to models/{modelName}/{runId}-step-{steps}/ and announced"
            + " on udpm.models.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RunRequest.class)))
    @APIResponse(responseCode = "202", description = "Started; poll the Location",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunStatus.class)))
    @APIResponse(responseCode = "400", description = "Invalid request; the detail and violations name the field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A run is already active on this instance, or the runId is taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(String body) {
        RunStatus status = runs.start(RunRequestReader.read(body));
        return accepted(status);
    }

    @GET
    @Operation(summary = "List runs", description = "Every run in the object store, newest first")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RunStatus.class, type = SchemaType.ARRAY)))
    public List<RunStatus> list() {
        return runs.list();
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "A run's status", description = "State (RUNNING, STOPPING, STOPPED, COMPLETED, FAILED with"
            + " a reason), step, latest losses, images/s, ETA, newest uploaded checkpoint, exported version")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RunStatus.class)))
    @APIResponse(responseCode = "404", description = "No such run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunStatus status(@PathParam("runId") String runId) {
        return runs.status(known(runId));
    }

    @POST
    @Path("/{runId}/stop")
    @Operation(summary = "Stop a run", description = "The run finishes its current step, writes and uploads a"
            + " checkpoint and ends STOPPED (STOPPING until then). POST .../resume continues it.")
    @APIResponse(responseCode = "202", description = "Stopping (or stopped, if no trainer was training it)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunStatus.class)))
    @APIResponse(responseCode = "404", description = "No such run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The run has already ended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response stop(@PathParam("runId") String runId) {
        return accepted(runs.stop(known(runId)));
    }

    @POST
    @Path("/{runId}/resume")
    @Operation(summary = "Resume a run", description = "Continues a STOPPED, FAILED or orphaned run from its newest"
            + " complete checkpoint in the object store, in a fresh local folder")
    @APIResponse(responseCode = "202", description = "Resuming",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunStatus.class)))
    @APIResponse(responseCode = "404", description = "No such run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A run is active on this instance, or the run has completed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response resume(@PathParam("runId") String runId) {
        return accepted(runs.resume(known(runId)));
    }

    private static Response accepted(RunStatus status) {
        return Response.accepted(status).location(URI.create("/v1/runs/" + status.runId()))
                .type(MediaType.APPLICATION_JSON).build();
    }

    /** A path id that cannot be a run (e.g. {@code ..}) is unknown, never an object-store key. */
    private static String known(String runId) {
        if (!RunRequest.RUN_ID.matcher(runId).matches()) {
            throw new UnknownRunException(runId);
        }
        return runId;
    }
}
