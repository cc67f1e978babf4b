package dev.udpm.worker.api;

import java.util.List;

import dev.udpm.rest.Problem;
import dev.udpm.worker.models.LoadedModel;
import dev.udpm.worker.models.ModelRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/models}: the model versions loaded on this worker. */
@Path("/v1/models")
@Tag(name = "models", description = "Loaded model versions")
@SecurityRequirement(name = "bearer")
@SecurityRequirement(name = "apiKey")
public class ModelsResource {

    @Inject
    ModelRegistry registry;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List loaded model versions", description = "latest = the version unpinned jobs get")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = LoadedModel.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid credentials",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LoadedModel> list() {
        return registry.loaded();
    }
}
