package dev.udpm.schemas.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.model.ManifestPosteriorMode;

/**
 * What made a job's images (schema {@code lineage.schema.json}): carried by the job manifest, the shard manifest and
 * the {@code completed} event, so a job can be made again ({@code udpm replay}) and two runs compared
 * ({@code udpm diff}).
 *
 * @param requestSha256 {@link #requestSha256(JobRequest)} of the request
 * @param model         the model version, with the SHA-256 of its {@code manifest.json}
 * @param sampler       how the chain ran
 * @param seeds         the request's seeds ({@link #seedsOf(JobRequest)})
 * @param worker        the build of the worker that wrote it
 */
public record Lineage(String requestSha256, Model model, Sampler sampler, List<Long> seeds, Build worker) {

    /** Schema file of this record. */
    public static final String SCHEMA = "lineage.schema.json";

    /** Top-level request fields left out of {@link #requestSha256}: they do not change the images. */
    public static final List<String> NOT_HASHED = List.of("jobId", "submittedAt", "priority", "callback", "tenant",
            "webhook");

    public Lineage {
        Objects.requireNonNull(requestSha256, "lineage: requestSha256");
        Objects.requireNonNull(model, "lineage: model");
        Objects.requireNonNull(sampler, "lineage: sampler");
        Objects.requireNonNull(worker, "lineage: worker");
        seeds = Collections2.copy(seeds);
    }

    /**
     * @param name           model name
     * @param version        exact version
     * @param manifestSha256 SHA-256 of the version's {@code manifest.json} as loaded
     * @param classNames     the manifest's class names (element i names label i), or {@code null} when it names none
     */
    public record Model(String name, String version, String manifestSha256, List<String> classNames) {

        public Model {
            classNames = classNames == null ? null : List.copyOf(classNames);
        }

        /** A model whose manifest names no classes. */
        public Model(String name, String version, String manifestSha256) {
            this(name, version, manifestSha256, null);
        }

        /**
         * Whether {@code other} is the same model version: name, version and manifest sha256 (the class names come
         * from that manifest; a lineage written before they were recorded has none).
         */
        public boolean sameVersion(Model other) {
            return name.equals(other.name) && version.equals(other.version)
                    && Objects.equals(manifestSha256, other.manifestSha256);
        }
    }

    /**
     * @param posteriorMode the model's posterior mode
     * @param levels        L, reverse steps
     * @param graphTuning   the worker's graph options that change output bytes
     */
    public record Sampler(ManifestPosteriorMode posteriorMode, int levels, GraphTuning graphTuning) {
    }

    /** The worker's TensorFlow graph options ({@code udpm.worker.device.*}). */
    public record GraphTuning(boolean xlaJit, boolean remapping, boolean onednnBfloat16) {
    }

    /**
     * @param version the worker's Maven version
     * @param commit  full git commit of the build, or {@code null} when the build did not know it
     * @param dirty   whether that checkout had uncommitted changes, or {@code null} without a commit
     */
    public record Build(String version, String commit, Boolean dirty) {
        public Build {
            Objects.requireNonNull(version, "build version");
            if (commit == null) {
                dirty = null;
            }
        }
    }

    /** The seeds the latents of {@code request} come from, in request order (empty for a cancel). */
    public static List<Long> seedsOf(JobRequest request) {
        if (request instanceof GenerateJob g) {
            return List.of(g.seed());
        }
        if (request instanceof PerturbJob p) {
            return List.of(p.seed());
        }
        if (request instanceof InterpolateJob i) {
            return i.corners();
        }
        if (request instanceof SwapJob s) {
            return List.of(s.seeds().source(), s.seeds().target());
        }
        return List.of();
    }

    /**
     * The canonical JSON of {@code request} for {@link #requestSha256}: the request as the shared mapper writes it
     * (what a manifest stores under {@code request}) without {@link #NOT_HASHED} and {@code model.version}, the
     * properties of every object sorted by name, no whitespace.
     */
    public static String canonicalRequestJson(JobRequest request) {
        try {
            JsonNode tree = Json.mapper().readTree(Json.mapper().writerFor(JobRequest.class).writeValueAsString(request));
            return canonicalRequestJson(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + request.jobId() + ": cannot write the request as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@link #canonicalRequestJson(JobRequest)} of a request given as its JSON tree (e.g. a manifest's). */
    public static String canonicalRequestJson(JsonNode request) {
        ObjectNode copy = ((ObjectNode) request).deepCopy();
        copy.remove(NOT_HASHED);
        if (copy.get("model") instanceof ObjectNode model) {
            model.remove("version");
        }
        try {
            return Json.mapper().writeValueAsString(sorted(copy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request tree as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** SHA-256 (64 lowercase hex digits) of the UTF-8 bytes of {@link #canonicalRequestJson(JobRequest)}. */
    public static String requestSha256(JobRequest request) {
        return sha256(canonicalRequestJson(request));
    }

    /** {@link #requestSha256(JobRequest)} of a request given as its JSON tree. */
    public static String requestSha256(JsonNode request) {
        return sha256(canonicalRequestJson(request));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = Json.mapper().createObjectNode();
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                out.set(name, sorted(object.get(name)));
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = Json.mapper().createArrayNode();
            array.forEach(item -> out.add(sorted(item)));
            return out;
        }
        return node;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
