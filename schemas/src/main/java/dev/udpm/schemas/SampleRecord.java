package dev.udpm.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One image of a job and what made it (common.schema.json {@code $defs/sample}): a line of
 * {@code jobs/{jobId}/index.jsonl}, the {@code .json} member of its tar shard, and an entry of a manifest's
 * {@code samples} (there without the model fields, which the manifest holds once).
 *
 * @param index               the image's index in the job, from 0
 * @param key                 the object holding the image: its PNG, or the tar shard holding it
 * @param member              format shards: the PNG's member name {@code {index:08d}.png} in the tar, else {@code null}
 * @param sha256              SHA-256 of the PNG bytes
 * @param size                size of the PNG in bytes
 * @param label               class label, or {@code null} for an unconditional model (written as {@code null})
 * @param seed                generate jobs: the seed of the latents, else {@code null}
 * @param position            generate jobs: the latents' position under {@code seed} ({@code G(seed, position)}), else
 *                            {@code null}
 * @param modelName           model name, or {@code null} inside a manifest
 * @param modelVersion        model version, or {@code null} inside a manifest
 * @param modelManifestSha256 SHA-256 of the version's {@code manifest.json}, or {@code null} inside a manifest
 * @param latent              interpolate, swap and perturb jobs: where its latents come from, else {@code null}
 */
public record SampleRecord(int index, String key, String member, String sha256, long size,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer label, Long seed, Long position, String modelName,
        String modelVersion, String modelManifestSha256, LatentOrigin latent) {

    /** A record without a latent origin (a generate job's image). */
    public SampleRecord(int index, String key, String member, String sha256, long size, Integer label, Long seed,
            Long position, String modelName, String modelVersion, String modelManifestSha256) {
        this(index, key, member, sha256, size, label, seed, position, modelName, modelVersion, modelManifestSha256,
                null);
    }

    /** Schema file of this record (one index line). */
    public static final String SCHEMA = "sample-record.schema.json";

    /** {@code {index:08d}.png}: the name of sample {@code index}'s PNG in a tar shard (and {@code .json}, {@code .cls}). */
    public static String memberName(int index, String extension) {
        if (index < 0 || index > 99_999_999) {
            throw new IllegalArgumentException("sample index " + index + " outside 0..99999999");
        }
        return ObjectKeys.zeroPadded(index, 8) + "." + extension;
    }

    /** This record with the model fields (an index line, from a manifest's entry and the manifest's model). */
    public SampleRecord withModel(String modelName, String modelVersion, String modelManifestSha256) {
        return new SampleRecord(index, key, member, sha256, size, label, seed, position, modelName, modelVersion,
                modelManifestSha256, latent);
    }

    /** This record without the model fields (as a manifest lists it). */
    public SampleRecord withoutModel() {
        return new SampleRecord(index, key, member, sha256, size, label, seed, position, null, null, null, latent);
    }
}
