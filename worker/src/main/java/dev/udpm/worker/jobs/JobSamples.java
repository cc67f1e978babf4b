package dev.udpm.worker.jobs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.stream.IntStream;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.LatentOrigin;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SampleRecord;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.TarShard;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.InterpolateJob;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.OutputFormat;
import dev.udpm.schemas.job.PerturbJob;
import dev.udpm.schemas.job.SwapJob;
import dev.udpm.worker.output.TarWriter;

/**
 * The per-image metadata of one execution ({@link SampleRecord}: index, label, seed, position, model, and for
 * interpolate, swap and perturb jobs the {@link LatentOrigin} of each image) and, for
 * {@code output.format = shards}, the tar shards it fills: the PNGs of a tar shard are held here until every one of
 * its samples is encoded, then {@link #tar} builds the archive (members in index order) and the caller uploads it.
 *
 * <p>Tar shard {@code t} of an execution of {@code n} images covers its local images {@code [t*N, min(n, (t+1)*N))},
 * N = {@code output.samplesPerShard}; for a shard of a bulk job the first tar starts at the job shard's first index,
 * so a tar never crosses a job shard and its key {@code jobs/{jobId}/tar/{first:06d}.tar} depends on the request and
 * the split only. A sample is {@code {index:08d}.cls} (the label in decimal ASCII, when labelled), {@code .json} (its
 * record, with the model fields) and {@code .png}, in that order.
 *
 * <p>Thread-safe: images of one execution are stored by several I/O threads.
 */
final class JobSamples {

    private final JobRequest request;
    private final JobPlan plan;
    private final String modelName;
    private final String modelVersion;
    private final String modelManifestSha256;
    private final boolean shards;
    private final int perShard;
    private final SampleRecord[] records;
    private final byte[][] pngs;
    private final int[] missing;
    private final TarShard[] tars;

    JobSamples(JobRequest request, JobPlan plan, String modelName, String modelVersion, String modelManifestSha256) {
        this.request = request;
        this.plan = plan;
        this.modelName = modelName;
        this.modelVersion = modelVersion;
        this.modelManifestSha256 = modelManifestSha256;
        int n = plan.imageCount();
        this.records = new SampleRecord[n];
        this.shards = inTarShards(request);
        this.perShard = shards ? ((GenerateJob) request).outputOrDefault().samplesPerShardOrDefault() : n;
        int tarCount = shards ? (n + perShard - 1) / perShard : 0;
        this.pngs = shards ? new byte[n][] : null;
        this.tars = new TarShard[tarCount];
        this.missing = new int[tarCount];
        for (int t = 0; t < tarCount; t++) {
            missing[t] = Math.min(n, (t + 1) * perShard) - t * perShard;
        }
    }

    /**
     * Whether {@code request}'s images go into tar shards ({@code output.format = shards}) and not PNG objects: then a
     * resumed execution has no stored images to find.
     */
    static boolean inTarShards(JobRequest request) {
        return request instanceof GenerateJob g && g.outputOrDefault().formatOrDefault() == OutputFormat.SHARDS;
    }

    /** Whether the images go into tar shards ({@code output.format = shards}). */
    boolean shards() {
        return shards;
    }

    String modelManifestSha256() {
        return modelManifestSha256;
    }

    /** Records image {@code local} stored as its own PNG object {@code stored} (format png, or found on resume). */
    void png(int local, StoredObject stored) {
        records[local] = record(local, stored.key(), null, stored.sha256(), stored.size());
    }

    /**
     * Holds image {@code local}'s PNG for its tar shard.
     *
     * @return the tar shard it completed (every sample now encoded), if any; the caller builds and uploads it
     */
    OptionalInt offer(int local, byte[] png, String sha256) {
        int t = local / perShard;
        int global = plan.globalIndex(local);
        SampleRecord record = record(local, ObjectKeys.tarKey(request.jobId(), plan.globalIndex(t * perShard)),
                SampleRecord.memberName(global, "png"), sha256, png.length);
        synchronized (this) {
            if (pngs[local] != null) {
                return OptionalInt.empty();
            }
            records[local] = record;
            pngs[local] = png;
            return --missing[t] == 0 ? OptionalInt.of(t) : OptionalInt.empty();
        }
    }

    /** Key, first global index and size of tar shard {@code t}. */
    String tarKey(int t) {
        return ObjectKeys.tarKey(request.jobId(), firstOf(t));
    }

    int firstOf(int t) {
        return plan.globalIndex(t * perShard);
    }

    int countOf(int t) {
        return Math.min(plan.imageCount(), (t + 1) * perShard) - t * perShard;
    }

    /** The bytes of tar shard {@code t}, whose samples are all offered; their PNGs are released. */
    byte[] tar(int t) {
        int from = t * perShard;
        int to = from + countOf(t);
        byte[][] members;
        SampleRecord[] samples;
        synchronized (this) {
            members = Arrays.copyOfRange(pngs, from, to);
            samples = Arrays.copyOfRange(records, from, to);
        }
        int bytes = Arrays.stream(members).mapToInt(m -> m.length + 2048).sum();
        TarWriter tar = new TarWriter(bytes);
        for (int i = 0; i < members.length; i++) {
            SampleRecord sample = Objects.requireNonNull(samples[i], "sample " + (from + i) + " not offered");
            if (sample.label() != null) {
                tar.add(SampleRecord.memberName(sample.index(), "cls"),
                        Integer.toString(sample.label()).getBytes(StandardCharsets.US_ASCII));
            }
            tar.add(SampleRecord.memberName(sample.index(), "json"),
                    Json.write(sample).getBytes(StandardCharsets.UTF_8));
            tar.add(SampleRecord.memberName(sample.index(), "png"), members[i]);
        }
        synchronized (this) {
            Arrays.fill(pngs, from, to, null);
        }
        return tar.finish();
    }

    /** Records tar shard {@code t} as stored. */
    synchronized void stored(int t, TarShard tar) {
        tars[t] = tar;
    }

    /** Every image's record with the model fields (the index lines), in index order. */
    synchronized List<SampleRecord> records() {
        return List.of(records);
    }

    /** Every image's record without the model fields (a manifest's {@code samples}). */
    synchronized List<SampleRecord> manifestRecords() {
        return Arrays.stream(records).map(SampleRecord::withoutModel).toList();
    }

    /** The stored tar shards in order (format shards), else {@code null}. */
    synchronized List<TarShard> tarShards() {
        return shards ? List.of(tars) : null;
    }

    /** The execution's image objects in order: its PNGs, or its tar shards. */
    List<StoredObject> objects(StoredObject[] images) {
        if (!shards) {
            return new ArrayList<>(Arrays.asList(images));
        }
        return new ArrayList<>(tarShards().stream().map(TarShard::asStoredObject).toList());
    }

    private SampleRecord record(int local, String key, String member, String sha256, long size) {
        int global = plan.globalIndex(local);
        Integer label = labelOf(global);
        boolean generate = request instanceof GenerateJob;
        Long seed = generate ? ((GenerateJob) request).seed() : null;
        Long position = generate ? Long.valueOf(global) : null;
        return new SampleRecord(global, key, member, sha256, size, label, seed, position, modelName, modelVersion,
                modelManifestSha256, latentOf(global));
    }

    /** Where image {@code global}'s latents come from (JobPlanner's plans), for the jobs other than generate. */
    private LatentOrigin latentOf(int global) {
        if (request instanceof InterpolateJob i) {
            List<Integer> levels = i.levels() == null
                    ? IntStream.rangeClosed(1, plan.shapes().levels()).boxed().toList()
                    : new TreeSet<>(i.levels()).stream().toList();
            int n = i.gridSize();
            return i.corners().size() == 4 ? LatentOrigin.grid(i.corners(), n, global / n, global % n, levels)
                    : LatentOrigin.path(i.corners(), n, global, levels);
        }
        if (request instanceof SwapJob s) {
            return LatentOrigin.swap(s.seeds().source(), s.seeds().target(), s.levels().get(global));
        }
        if (request instanceof PerturbJob p) {
            int samples = p.samplesPerStrength();
            return LatentOrigin.perturb(p.seed(), p.level(), p.strengths().get(global / samples), global % samples);
        }
        return null;
    }

    private Integer labelOf(int global) {
        if (request instanceof GenerateJob g) {
            return g.classLabelOf(global);
        }
        if (request instanceof InterpolateJob i) {
            return i.classLabel();
        }
        if (request instanceof SwapJob s) {
            return s.classLabel();
        }
        if (request instanceof PerturbJob p) {
            return p.classLabel();
        }
        return null;
    }
}
