package dev.udpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Human lines for the body of {@code GET /v1/jobs/{jobId}}: the job's fleet-wide state (status accepted, running,
 * completed, failed or cancelled; done/total; on completion the model version and objects; on failure the code,
 * field and message), the same on every worker instance.
 */
final class ApiStatusText {

    private ApiStatusText() {
    }

    static List<String> describe(String jobId, JsonNode state) {
        List<String> lines = new ArrayList<>();
        String status = state.path("status").asText("unknown");
        StringBuilder head = new StringBuilder("job ").append(jobId).append(": ").append(status);
        if (state.hasNonNull("done") && state.hasNonNull("total")) {
            head.append(' ').append(state.get("done").asInt()).append('/').append(state.get("total").asInt())
                    .append(" images");
        }
        if (state.hasNonNull("workerId")) {
            head.append(" (worker ").append(state.get("workerId").asText()).append(')');
        }
        lines.add(head.toString());
        if (state.hasNonNull("modelVersion")) {
            lines.add("  model " + state.path("modelName").asText() + " " + state.get("modelVersion").asText() + ", "
                    + state.path("objects").size() + " objects, manifest " + state.path("manifestKey").asText());
        }
        if (state.hasNonNull("failureCode")) {
            String field = state.hasNonNull("failureField") ? " at " + state.get("failureField").asText() : "";
            lines.add("  " + state.get("failureCode").asText() + field + ": " + state.path("failureMessage").asText());
        }
        return lines;
    }
}
