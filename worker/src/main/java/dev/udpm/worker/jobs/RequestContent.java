package dev.udpm.worker.jobs;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.storage.Sha256;

/**
 * The content of a job request that decides its output, for telling a duplicate (same jobId, same content:
 * answer again, never recompute) from a reused jobId (different content: {@code JOB_ID_CONFLICT}).
 *
 * <p>Content = the request's JSON without {@link #IGNORED} fields: {@code submittedAt} (a resend is still the same
 * job), {@code priority} (when it runs, not what it makes) and {@code callback} (client metadata echoed in
 * events). Everything else counts, including {@code tenant} and whether {@code model.version} is pinned. The
 * canonical form is the compact JSON written by the shared mapper ({@link Json}) from the record, whose property
 * order is fixed; its SHA-256 is the content id (stored in claims and bulk plans, so its form does not change).
 *
 * <p>Not the lineage's request hash ({@link dev.udpm.schemas.job.Lineage#requestSha256}), which also leaves out the
 * jobId, tenant, webhook and model version: that one names what makes the images across jobs (a replay keeps it);
 * this one tells a resent job from a reused jobId.
 */
public final class RequestContent {

    /** Request fields that do not change the output. */
    public static final List<String> IGNORED = List.of("submittedAt", "priority", "callback");

    private RequestContent() {
    }

    /** The canonical JSON of {@code request}'s content. */
    public static String canonicalJson(JobRequest request) {
        try {
            ObjectNode node = (ObjectNode) Json.mapper().readTree(
                    Json.mapper().writerFor(JobRequest.class).writeValueAsString(request));
            node.remove(IGNORED);
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + request.jobId() + ": cannot write the request as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** SHA-256 (hex) of {@link #canonicalJson}. */
    public static String sha256(JobRequest request) {
        return Sha256.hex(canonicalJson(request).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the two requests have the same content. */
    public static boolean same(JobRequest a, JobRequest b) {
        return canonicalJson(a).equals(canonicalJson(b));
    }
}
