package dev.udpm.schemas;

/**
 * The object-store layout (docs/architecture.md#object-layout); keys are public API like topic names.
 * <ul>
 *   <li>{@code jobs/{jobId}/{index:06d}.png}, {@code jobs/{jobId}/grid.png}, {@code jobs/{jobId}/manifest.json}
 *       (written last)</li>
 *   <li>{@code jobs/{jobId}/attempt.json}: the claim of an unfinished single job (deleted after its manifest)</li>
 *   <li>bulk jobs: {@code jobs/{jobId}/bulk.json} (the split: request, pinned model version, shard ranges; written
 *       before the shard tasks), {@code jobs/{jobId}/shards/{index:05d}.json} (a shard manifest, written last by the
 *       shard) and the merged {@code jobs/{jobId}/manifest.json} (written last of all)</li>
 *   <li>{@code jobs/{jobId}/index.jsonl}: one line per image ({@link SampleRecord}), written before the manifest; a
 *       bulk job's merge builds it from the sample records of its shard manifests</li>
 *   <li>format shards: {@code jobs/{jobId}/tar/{first:06d}.tar}, a tar shard whose first sample is {@code first}
 *       (docs/datasets.md)</li>
 *   <li>{@code models/{name}/{version}/...} and {@code models/{name}/{version}/manifest.json} (written last)</li>
 *   <li>{@code dead-letters/{topic}/{partition}/{offset}/key} and {@code .../value}: the key or value of a
 *       dead-lettered record too large to travel in its dead letter (named by the record's position, never by
 *       its content)</li>
 * </ul>
 * Ids and names are assumed valid (the schema pattern {@code safeName} keeps them free of '/').
 */
public final class ObjectKeys {

    /** File name of every manifest (job and model). */
    public static final String MANIFEST = "manifest.json";
    /** File name of a generate job's contact sheet. */
    public static final String GRID = "grid.png";
    /** Media type of every image. */
    public static final String PNG = "image/png";
    /** Media type of every manifest. */
    public static final String JSON = "application/json";

    private ObjectKeys() {
    }

    /** {@code jobs/{jobId}/}. */
    public static String jobPrefix(String jobId) {
        return "jobs/" + jobId + "/";
    }

    /**
     * {@code jobs/{jobId}/{index:06d}.png}, e.g. {@code jobs/j1/000007.png}.
     *
     * @throws IllegalArgumentException if {@code index} is negative or has more than 6 digits
     */
    public static String imageKey(String jobId, int index) {
        if (index < 0 || index > 999_999) {
            throw new IllegalArgumentException("image index " + index + " outside 0..999999 for job " + jobId);
        }
        return jobPrefix(jobId) + zeroPadded(index, 6) + ".png";
    }

    /** {@code jobs/{jobId}/grid.png}. */
    public static String gridKey(String jobId) {
        return jobPrefix(jobId) + GRID;
    }

    /** {@code jobs/{jobId}/manifest.json}. */
    public static String jobManifestKey(String jobId) {
        return jobPrefix(jobId) + MANIFEST;
    }

    /** File name of a single job's in-progress claim. */
    public static final String ATTEMPT = "attempt.json";
    /** File name of a bulk job's split. */
    public static final String BULK = "bulk.json";

    /** {@code jobs/{jobId}/attempt.json}. */
    public static String attemptKey(String jobId) {
        return jobPrefix(jobId) + ATTEMPT;
    }

    /** {@code jobs/{jobId}/bulk.json}. */
    public static String bulkKey(String jobId) {
        return jobPrefix(jobId) + BULK;
    }

    /** {@code jobs/{jobId}/shards/}. */
    public static String shardPrefix(String jobId) {
        return jobPrefix(jobId) + "shards/";
    }

    /** {@code jobs/{jobId}/shards/{index:05d}.json}, e.g. {@code jobs/j1/shards/00003.json}. */
    public static String shardManifestKey(String jobId, int index) {
        if (index < 0 || index > 99_999) {
            throw new IllegalArgumentException("shard index " + index + " outside 0..99999 for job " + jobId);
        }
        return shardPrefix(jobId) + zeroPadded(index, 5) + ".json";
    }

    /** File name of a job's index of images. */
    public static final String INDEX = "index.jsonl";
    /** Media type of an index (JSON Lines). */
    public static final String JSON_LINES = "application/jsonl";

    /** {@code jobs/{jobId}/index.jsonl}. */
    public static String indexKey(String jobId) {
        return jobPrefix(jobId) + INDEX;
    }

    /** {@code jobs/{jobId}/tar/}. */
    public static String tarPrefix(String jobId) {
        return jobPrefix(jobId) + "tar/";
    }

    /**
     * {@code jobs/{jobId}/tar/{first:06d}.tar}: the tar shard whose first sample is {@code first}.
     *
     * @throws IllegalArgumentException if {@code first} is negative or has more than 6 digits
     */
    public static String tarKey(String jobId, int first) {
        if (first < 0 || first > 999_999) {
            throw new IllegalArgumentException("sample index " + first + " outside 0..999999 for job " + jobId);
        }
        return tarPrefix(jobId) + zeroPadded(first, 6) + ".tar";
    }

    /** {@code models/{name}/{version}/}. */
    public static String modelPrefix(String name, String version) {
        return "models/" + name + "/" + version + "/";
    }

    /** {@code models/{name}/{version}/manifest.json}. */
    public static String modelManifestKey(String name, String version) {
        return modelPrefix(name, version) + MANIFEST;
    }

    /** Prefix of every kept part of a dead-lettered record. */
    public static final String DEAD_LETTERS = "dead-letters/";

    /**
     * {@code dead-letters/{topic}/{partition}/{offset}/{part}}, {@code part} = {@code key} or {@code value}: where the
     * worker keeps the key or value of a record whose dead letter could not carry it.
     *
     * @throws IllegalArgumentException for a topic that is not a Kafka topic name, a negative position or an unknown
     *     part
     */
    public static String deadLetterPartKey(String topic, int partition, long offset, String part) {
        if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}") || partition < 0 || offset < 0
                || !(part.equals("key") || part.equals("value"))) {
            throw new IllegalArgumentException("no dead-letter object for " + topic + "/" + partition + "/" + offset
                    + "/" + part);
        }
        return DEAD_LETTERS + topic + "/" + partition + "/" + offset + "/" + part;
    }

    /**
     * {@code value} in ASCII decimal, left-padded with zeros to {@code width} digits: what {@code String.format}
     * with {@code %0<width>d} gives for a non-negative value in an English locale, without parsing a format per key
     * (one key per image on the output path).
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    static String zeroPadded(int value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("cannot zero-pad negative " + value);
        }
        String digits = Integer.toString(value);
        if (digits.length() >= width) {
            return digits;
        }
        return "0".repeat(width - digits.length()) + digits;
    }
}
