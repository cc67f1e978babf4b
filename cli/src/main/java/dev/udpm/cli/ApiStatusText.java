package dev.udpm.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Human lines for the body of {@code GET /v1/jobs/{jobId}}: the job's fleet-wide state (status accepted, running,
 * completed, failed or cancelled; done/total; on completion the model version and objects; on failure the code,
 * field and message), the same on every worker instance. A bulk job (the state has {@code shards},
 * {@code shardsDone}, and once completed {@code objectCount} and {@code manifestSha256}) adds a line
 * {@code bulk job: N/M images, S/T shards}.
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
        boolean bulk = state.hasNonNull("shards") || state.hasNonNull("manifestSha256") || state.hasNonNull("objectCount");
        if (bulk) {
            int done = state.path("done").asInt(0);
            int total = state.path("total").asInt(0);
            lines.add("  " + StateText.bulkLine(done, total,
                    state.hasNonNull("shardsDone") ? state.get("shardsDone").asInt() : null,
                    state.hasNonNull("shards") ? state.get("shards").asInt() : null));
        }
        if (bulk && state.hasNonNull("modelVersion")) {
            lines.add("  model " + state.path("modelName").asText() + " " + state.get("modelVersion").asText() + ", "
                    + state.path("objectCount").asInt(0) + " images, merged manifest "
                    + state.path("manifestKey").asText() + (state.hasNonNull("manifestSha256")
                    ? " sha256 " + state.get("manifestSha256").asText() : ""));
        } else if (state.hasNonNull("modelVersion")) {
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
