package dev.udpm.trainer.api;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.rest.Problem;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.SafeName;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.trainer.rollout.ModelRolloutService;
import dev.udpm.trainer.runs.InvalidRunRequestException;
import dev.udpm.trainer.training.FieldViolation;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/models/{name}/canary|promote|rollback}: the rollout steps, each ONE announcement on {@code udpm.models}
 * taken by every worker. Authenticated like every {@code /v1} resource (the shared {@code ApiAuthFilter}). Thin:
 * {@link ModelRolloutService} makes the step. Bodies are small JSON objects; an unknown or mistyped field is a 400
 * naming it.
 */
@Path("/v1/models/{name}")
@Tag(name = "models", description = "Model rollout: canary, promote, rollback")
@SecurityRequirement(name = "bearer")
@SecurityRequirement(name = "apiKey")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@APIResponse(responseCode = "200", description = "The announcement written on udpm.models")
@APIResponse(responseCode = "401", description = "Missing or invalid credentials",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "400", description = "Invalid body; the violation names the field")
@APIResponse(responseCode = "404", description = "No announcement of the model, or the version is not stored")
@APIResponse(responseCode = "409", description = "The step does not fit the model's state (e.g. no canary)")
@APIResponse(responseCode = "422", description = "Refused by the quality gate (the detail names the metric);"
        + " send \"force\": true to roll out anyway")
public class ModelsRolloutResource {

    @Inject
    ModelRolloutService rollout;

    @POST
    @Path("/canary")
    @Operation(summary = "Start or change a canary", description = "Body {\"version\": V, \"percent\": 1..99,"
            + " \"force\": false}: V (stored under models/{name}/V/) takes that share of the unpinned jobs, chosen"
            + " by a hash of the jobId; the latest stays.")
    public ModelPublished canary(@PathParam("name") String name, String body) {
        JsonNode json = object(body, Set.of("version", "percent", "force"));
        return rollout.canary(name, version(json, "version", true), percent(json), flag(json));
    }

    @POST
    @Path("/promote")
    @Operation(summary = "Promote the canary", description = "Body {\"force\": false} (optional): the canary"
            + " becomes the latest for every unpinned job.")
    public ModelPublished promote(@PathParam("name") String name, String body) {
        return rollout.promote(name, flag(object(body, Set.of("force"))));
    }

    @POST
    @Path("/rollback")
    @Operation(summary = "Roll back", description = "Body {} or {\"toVersion\": V}: drops the canary, or moves the"
            + " latest back to the stored version V (and drops any canary). Jobs already running finish on their"
            + " version. No quality gate.")
    public ModelPublished rollback(@PathParam("name") String name, String body) {
        return rollout.rollback(name, version(object(body, Set.of("toVersion")), "toVersion", false));
    }

    /** The body as a JSON object ({} when empty) with only {@code known} fields. */
    private static JsonNode object(String body, Set<String> known) {
        if (body == null || body.isBlank()) {
            return Json.mapper().createObjectNode();
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (Exception e) {
            throw invalid("", "json", "is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw invalid("", "type", "must be a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!known.contains(field)) {
                throw invalid("/" + field, "additionalProperties", "is not a field of this request; known: "
                        + known);
            }
        }
        return json;
    }

    private static String version(JsonNode json, String field, boolean required) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid("/" + field, "required", "is required: the stored version to roll out");
            }
            return null;
        }
        if (!value.isTextual() || !SafeName.isSafe(value.asText())) {
            throw invalid("/" + field, "pattern", "must be a model version (letters, digits, '.', '_', '-')");
        }
        return value.asText();
    }

    private static int percent(JsonNode json) {
        JsonNode value = json.get("percent");
        if (value == null || value.isNull()) {
            throw invalid("/percent", "required", "is required: the share of unpinned jobs, 1..99");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 99) {
            throw invalid("/percent", "range", "must be an integer 1..99 (100 % is a promote)");
        }
        return value.asInt();
    }

    private static boolean flag(JsonNode json) {
        JsonNode value = json.get("force");
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid("/force", "type", "must be true or false");
        }
        return value.asBoolean();
    }

    private static InvalidRunRequestException invalid(String field, String rule, String message) {
        return new InvalidRunRequestException(new FieldViolation(field, rule, message));
    }
}
