package dev.udpm.schemas.validation;

import java.util.ArrayList;
import java.util.List;

import dev.udpm.schemas.Limits;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.GenerateShard;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.job.PerturbJob;
import dev.udpm.schemas.job.ShardDone;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.schemas.job.ShardRange;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;

/**
 * The few rules JSON Schema cannot express because they relate two fields of one message (draft 2020-12 has
 * no {@code $data}). They run only on messages that already passed their schema, and are documented in the
 * schemas' descriptions. Everything else is the schema's job.
 */
public final class CrossFieldRules {

    /** generate: {@code output.grid} only when {@code count <= Limits.MAX_GRID_IMAGES}. */
    public static final String GRID_WITHIN_LIMIT = "gridWithinLimit";
    /** perturb: {@code principalComponents <= samplesPerStrength}. */
    public static final String COMPONENTS_WITHIN_SAMPLES = "principalComponentsWithinSamples";
    /** progress: {@code done <= total}. */
    public static final String DONE_WITHIN_TOTAL = "doneWithinTotal";
    /** manifest: {@code schedule.alpha}, {@code schedule.sigma}, {@code latentShapes} each hold L entries. */
    public static final String MATCHES_LEVELS = "matchesLevels";
    /** manifest: {@code classNames}, when present, holds {@code numClasses} names, distinct ignoring case. */
    public static final String CLASS_NAMES_MATCH_CLASSES = "classNamesMatchClasses";
    /** manifest: {@code imageSize} is a multiple of {@code 2^L} (H halves the side L times). */
    public static final String IMAGE_SIZE_DIVISIBLE = "imageSizeDivisibleBy2PowL";

    /** job manifest: {@code jobId} equals {@code request.jobId}. */
    public static final String JOB_ID_MATCHES_REQUEST = "jobIdMatchesRequest";

    /** shard range: {@code index < count}, {@code from < to}, and for a shard task {@code to <= request.count}. */
    public static final String SHARD_RANGE = "shardRange";
    /** generate-shard: {@code jobId == request.jobId}, {@code request.bulk} true, {@code request.model.version} set. */
    public static final String SHARD_REQUEST = "shardRequest";
    /**
     * shard manifest: {@code objects} holds exactly {@code shard.to - shard.from} images, or, with {@code tarShards},
     * exactly those tar shards, whose counts sum to {@code shard.to - shard.from}; {@code samples}, when present, holds
     * {@code shard.to - shard.from} entries.
     */
    public static final String SHARD_OBJECTS = "shardObjects";
    /** completed: {@code manifestSha256} and {@code objectCount} come together (a bulk job) or not at all. */
    public static final String BULK_COMPLETED = "bulkCompleted";
    /**
     * job manifest: {@code shards} present exactly for a bulk request, then {@code objects} is empty and the shards
     * cover images {@code 0..count-1} in order.
     */
    public static final String SHARDS_MATCH_REQUEST = "shardsMatchRequest";
    /**
     * A job manifest's {@code lineage} describes its request and model: {@code requestSha256} and {@code seeds} as
     * computed from {@code request} ({@link Lineage}), {@code model.name/version} equal to
     * {@code modelName/modelVersion}, and {@code model.manifestSha256} equal to {@code modelManifestSha256} when the
     * manifest has both (the dataset fields repeat the lineage's value for readers of the samples; they cannot
     * disagree).
     */
    public static final String LINEAGE_MATCHES_MANIFEST = "lineageMatchesManifest";
    /** A model announcement's canary names another version than its latest. */
    public static final String CANARY_DIFFERS = "canaryDiffers";

    private CrossFieldRules() {
    }

    private static void checkShardObjects(ShardManifest manifest, List<Violation> out) {
        int images = manifest.shard().size();
        String covers = " but shard " + manifest.shard().index() + " covers " + images + " images (from "
                + manifest.shard().from() + " to " + manifest.shard().to() + ")";
        if (manifest.tarShards() != null) {
            int inTars = manifest.tarShards().stream().mapToInt(t -> t.count()).sum();
            if (inTars != images) {
                out.add(new Violation("/tarShards", SHARD_OBJECTS, "the tar shards hold " + inTars + " samples"
                        + covers));
            }
            if (!manifest.objects().equals(manifest.tarShards().stream().map(t -> t.asStoredObject()).toList())) {
                out.add(new Violation("/objects", SHARD_OBJECTS, "objects must list exactly the tar shards"));
            }
        } else if (manifest.objects().size() != images) {
            out.add(new Violation("/objects", SHARD_OBJECTS, "objects holds " + manifest.objects().size()
                    + " entries" + covers));
        }
        if (manifest.samples() != null && manifest.samples().size() != images) {
            out.add(new Violation("/samples", SHARD_OBJECTS, "samples holds " + manifest.samples().size()
                    + " entries" + covers));
        }
    }

    /** The cross-field violations of a schema-valid, bound message (empty for kinds without such rules). */
    public static List<Violation> check(Object message) {
        List<Violation> out = new ArrayList<>();
        if (message instanceof GenerateJob generate) {
            checkGenerate(generate, out);
        } else if (message instanceof PerturbJob perturb) {
            checkPerturb(perturb, out);
        } else if (message instanceof JobProgress progress) {
            checkProgress(progress, out);
        } else if (message instanceof JobCompleted completed) {
            checkCompleted(completed, out);
        } else if (message instanceof GenerateShard shard) {
            checkShardRange("/shard", shard.shard(), out);
            checkGenerateShard(shard, out);
            out.addAll(check(shard.request()).stream()
                    .map(v -> new Violation("/request" + v.field(), v.rule(), "request: " + v.message()))
                    .toList());
        } else if (message instanceof ShardDone done) {
            checkShardRange("/shard", done.shard(), out);
        } else if (message instanceof ShardManifest manifest) {
            checkShardRange("/shard", manifest.shard(), out);
            checkShardObjects(manifest, out);
        } else if (message instanceof ModelManifest manifest) {
            checkManifest(manifest, out);
        } else if (message instanceof ModelPublished published) {
            checkCanary(published, out);
        } else if (message instanceof JobManifest manifest) {
            checkJobManifest(manifest, out);
            out.addAll(check(manifest.request()).stream()
                    .map(v -> new Violation("/request" + v.field(), v.rule(), "request: " + v.message()))
                    .toList());
        }
        return out;
    }

    private static void checkCanary(ModelPublished published, List<Violation> out) {
        if (published.canary() != null && published.canary().version().equals(published.version())) {
            out.add(new Violation("/canary/version", CANARY_DIFFERS, "the canary version '" + published.version()
                    + "' is the latest version itself; a canary must name another version"));
        }
    }

    private static void checkGenerate(GenerateJob job, List<Violation> out) {
        if (Boolean.TRUE.equals(job.outputOrDefault().grid()) && job.count() > Limits.MAX_GRID_IMAGES) {
            out.add(new Violation("/output/grid", GRID_WITHIN_LIMIT, "a grid of count = " + job.count()
                    + " images is larger than the limit of " + Limits.MAX_GRID_IMAGES
                    + "; set output.grid to false or split the job"));
        }
    }

    private static void checkShardRange(String at, ShardRange range, List<Violation> out) {
        if (range.index() >= range.count()) {
            out.add(new Violation(at + "/index", SHARD_RANGE, "shard index = " + range.index()
                    + " is not below count = " + range.count()));
        }
        if (range.from() >= range.to()) {
            out.add(new Violation(at + "/to", SHARD_RANGE, "shard to = " + range.to() + " must exceed from = "
                    + range.from() + " (a shard holds at least one image)"));
        }
    }

    private static void checkGenerateShard(GenerateShard shard, List<Violation> out) {
        GenerateJob request = shard.request();
        if (shard.shard().to() > request.count()) {
            out.add(new Violation("/shard/to", SHARD_RANGE, "shard to = " + shard.shard().to()
                    + " exceeds request.count = " + request.count()));
        }
        if (!shard.jobId().equals(request.jobId())) {
            out.add(new Violation("/jobId", SHARD_REQUEST, "jobId = " + shard.jobId() + " but request.jobId = "
                    + request.jobId() + "; a shard belongs to its request's job"));
        }
        if (!request.bulkRequested()) {
            out.add(new Violation("/request/bulk", SHARD_REQUEST, "a shard's request must be a bulk job"
                    + " (bulk: true)"));
        }
        if (request.model().version() == null) {
            out.add(new Violation("/request/model/version", SHARD_REQUEST, "a shard's request must pin"
                    + " model.version so that every shard of the job uses one version"));
        }
    }

    private static void checkCompleted(JobCompleted completed, List<Violation> out) {
        if ((completed.manifestSha256() == null) != (completed.objectCount() == null)) {
            out.add(new Violation(completed.objectCount() == null ? "/objectCount" : "/manifestSha256",
                    BULK_COMPLETED, "a bulk completed event carries both manifestSha256 and objectCount; a single"
                    + " job's carries neither"));
        }
    }

    private static void checkPerturb(PerturbJob job, List<Violation> out) {
        if (job.principalComponents() > job.samplesPerStrength()) {
            out.add(new Violation("/principalComponents", COMPONENTS_WITHIN_SAMPLES, "principalComponents = "
                    + job.principalComponents() + " exceeds samplesPerStrength = " + job.samplesPerStrength()
                    + "; ask for at most as many components as samples"));
        }
    }

    private static void checkProgress(JobProgress progress, List<Violation> out) {
        if (progress.shard() != null && progress.shard().index() >= progress.shard().count()) {
            out.add(new Violation("/shard/index", SHARD_RANGE, "shard index = " + progress.shard().index()
                    + " is not below count = " + progress.shard().count()));
        }
        if (progress.done() > progress.total()) {
            out.add(new Violation("/done", DONE_WITHIN_TOTAL, "done = " + progress.done()
                    + " exceeds total = " + progress.total()));
        }
    }

    private static void checkManifest(ModelManifest manifest, List<Violation> out) {
        int levels = manifest.levels();
        requireLevels("/schedule/alpha", manifest.schedule().alpha().size(), levels, out);
        requireLevels("/schedule/sigma", manifest.schedule().sigma().size(), levels, out);
        requireLevels("/latentShapes", manifest.latentShapes().size(), levels, out);
        int factor = 1 << levels;
        if (manifest.imageSize() % factor != 0) {
            out.add(new Violation("/imageSize", IMAGE_SIZE_DIVISIBLE, "imageSize = " + manifest.imageSize()
                    + " is not a multiple of 2^L = " + factor + " for levels L = " + levels));
        }
        List<String> names = manifest.classNames();
        if (names != null) {
            if (names.size() != manifest.numClasses()) {
                out.add(new Violation("/classNames", CLASS_NAMES_MATCH_CLASSES, "classNames holds " + names.size()
                        + " names but numClasses = " + manifest.numClasses()));
            }
            if (names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).distinct().count() != names.size()) {
                out.add(new Violation("/classNames", CLASS_NAMES_MATCH_CLASSES, "class names must be distinct"
                        + " ignoring case (they name folders)"));
            }
        }
    }

    private static void checkJobManifest(JobManifest manifest, List<Violation> out) {
        boolean bulk = manifest.request() instanceof GenerateJob generate && generate.bulkRequested();
        if (!bulk && manifest.shards() != null) {
            out.add(new Violation("/shards", SHARDS_MATCH_REQUEST, "shards are only for a bulk request"
                    + " (request.bulk: true)"));
        }
        if (bulk) {
            if (manifest.shards() == null) {
                out.add(new Violation("/shards", SHARDS_MATCH_REQUEST, "a bulk job's manifest lists its shard"
                        + " manifests in shards"));
            } else {
                checkShardCover(manifest, ((GenerateJob) manifest.request()).count(), out);
            }
            if (!manifest.objects().isEmpty()) {
                out.add(new Violation("/objects", SHARDS_MATCH_REQUEST, "a bulk job's manifest lists no objects"
                        + " itself (its shard manifests do)"));
            }
        }
        if (!manifest.jobId().equals(manifest.request().jobId())) {
            out.add(new Violation("/jobId", JOB_ID_MATCHES_REQUEST, "jobId = " + manifest.jobId()
                    + " but request.jobId = " + manifest.request().jobId() + "; they must be equal"));
        }
        if (manifest.lineage() != null) {
            checkLineage(manifest, manifest.lineage(), out);
        }
    }

    private static void checkLineage(JobManifest manifest, Lineage lineage, List<Violation> out) {
        String expected = Lineage.requestSha256(manifest.request());
        if (!expected.equals(lineage.requestSha256())) {
            out.add(new Violation("/lineage/requestSha256", LINEAGE_MATCHES_MANIFEST, "lineage.requestSha256 = "
                    + lineage.requestSha256() + " but the request's canonical JSON hashes to " + expected));
        }
        if (!lineage.seeds().equals(Lineage.seedsOf(manifest.request()))) {
            out.add(new Violation("/lineage/seeds", LINEAGE_MATCHES_MANIFEST, "lineage.seeds = " + lineage.seeds()
                    + " but the request's seeds are " + Lineage.seedsOf(manifest.request())));
        }
        if (!lineage.model().name().equals(manifest.modelName())
                || !lineage.model().version().equals(manifest.modelVersion())) {
            out.add(new Violation("/lineage/model", LINEAGE_MATCHES_MANIFEST, "lineage.model is "
                    + lineage.model().name() + "/" + lineage.model().version() + " but the manifest's model is "
                    + manifest.modelName() + "/" + manifest.modelVersion()));
        }
        String recorded = lineage.model().manifestSha256();
        if (manifest.modelManifestSha256() != null && !manifest.modelManifestSha256().equals(recorded)) {
            out.add(new Violation("/modelManifestSha256", LINEAGE_MATCHES_MANIFEST, "modelManifestSha256 = "
                    + manifest.modelManifestSha256() + " but lineage.model.manifestSha256 = " + recorded
                    + "; both name the same model manifest"));
        }
    }

    private static void checkShardCover(JobManifest manifest, int count, List<Violation> out) {
        int next = 0;
        List<JobManifest.ShardEntry> shards = manifest.shards();
        for (int i = 0; i < shards.size(); i++) {
            JobManifest.ShardEntry entry = shards.get(i);
            if (entry.index() != i || entry.from() != next || entry.to() <= entry.from()) {
                out.add(new Violation("/shards/" + i, SHARDS_MATCH_REQUEST, "shard entry " + i + " is index "
                        + entry.index() + " [" + entry.from() + ", " + entry.to() + "); expected index " + i
                        + " starting at " + next));
                return;
            }
            next = entry.to();
        }
        if (next != count) {
            out.add(new Violation("/shards", SHARDS_MATCH_REQUEST, "the shards cover images 0.." + (next - 1)
                    + " but request.count = " + count));
        }
    }

    private static void requireLevels(String field, int size, int levels, List<Violation> out) {
        if (size != levels) {
            out.add(new Violation(field, MATCHES_LEVELS, field.substring(1) + " has " + size
                    + " entries but levels L = " + levels + "; give exactly one per level l = 1..L"));
        }
    }
}
