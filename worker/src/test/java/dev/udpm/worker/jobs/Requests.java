package dev.udpm.worker.jobs;

import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.validation.ContractValidator;

/** Valid job requests for tests, written as the JSON a client sends and parsed by the contract validator. */
public final class Requests {

    private Requests() {
    }

    /** Parses (and validates) a request. */
    public static JobRequest parse(String json) {
        return ContractValidator.shared().parseJobRequest(json);
    }

    /** A generate job on model {@code model} with extra fields {@code extra} (e.g. {@code "classLabels":[1]}). */
    public static String generate(String jobId, String model, int count, long seed, String extra) {
        return """
                {"type":"generate","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z","model":{"name":"%s"},
                 "count":%d,"seed":%d%s}""".formatted(jobId, model, count, seed, extra.isEmpty() ? "" : "," + extra);
    }

    /** An interpolate job. */
    public static String interpolate(String jobId, String model, String corners, int gridSize, String extra) {
        return """
                {"type":"interpolate","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z","model":{"name":"%s"},
                 "corners":%s,"gridSize":%d%s}""".formatted(jobId, model, corners, gridSize,
                extra.isEmpty() ? "" : "," + extra);
    }

    /** A swap job. */
    public static String swap(String jobId, String model, long source, long target, String levels, String extra) {
        return """
                {"type":"swap","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z","model":{"name":"%s"},
                 "seeds":{"source":%d,"target":%d},"levels":%s%s}""".formatted(jobId, model, source, target, levels,
                extra.isEmpty() ? "" : "," + extra);
    }

    /** A perturb job. */
    public static String perturb(String jobId, String model, long seed, int level, String strengths, int samples,
            int components, String extra) {
        return """
                {"type":"perturb","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z","model":{"name":"%s"},
                 "seed":%d,"level":%d,"strengths":%s,"samplesPerStrength":%d,"principalComponents":%d%s}"""
                .formatted(jobId, model, seed, level, strengths, samples, components,
                        extra.isEmpty() ? "" : "," + extra);
    }

    /** A cancel of {@code jobId}. */
    public static String cancel(String jobId) {
        return """
                {"type":"cancel","jobId":"%s","submittedAt":"2025-01-31T12:00:05Z"}""".formatted(jobId);
    }
}
