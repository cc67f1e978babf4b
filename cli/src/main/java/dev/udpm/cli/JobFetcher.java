package dev.udpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.udpm.client.FleetException;
import dev.udpm.client.JobEventLog;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.ShardManifest;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectDigest;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.storage.StorageException;

/**
 * Downloads a finished job's objects (images, grid) and its {@code manifest.json} into a folder and checks every
 * object's SHA-256 against the one recorded for it. The list comes from the job manifest
 * ({@code jobs/{jobId}/manifest.json}, written last, so it exists only for a completed job) or from the
 * {@code completed} event on {@link Topics#JOB_EVENTS}. Files are named by their key below {@code jobs/{jobId}/};
 * a file whose digest does not match is deleted and the fetch fails with {@link ExitCodes#VERIFY_FAILED}.
 *
 * <p>A bulk job (its merged manifest lists {@code shards}; its completed event has {@code objects: []} and
 * {@code manifestSha256}): the merged manifest is checked against the completed event's sha256, each shard manifest
 * against the sha256 the merged manifest lists, then every image of every shard against its own, a few downloads at
 * a time, with progress lines ({@link DownloadProgress}: every {@code progressEvery} objects and every 2 s) instead
 * of a line per file.
 */
public final class JobFetcher {

    /** Where the object list comes from. */
    public enum Source {
        /** {@code jobs/{jobId}/manifest.json} in the bucket. */
        MANIFEST,
        /** The job's {@code completed} event. */
        EVENT
    }

    /** Default downloads in flight at once for a bulk job. */
    public static final int DEFAULT_PARALLEL = 4;
    /** Default: a bulk job's progress line after every this many images. */
    public static final int DEFAULT_PROGRESS_EVERY = 1000;
    /** A bulk job's progress line at least this often while downloads finish (besides every --progress-every). */
    static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;
    /** Mismatches listed one by one in the error; the rest are counted. */
    static final int MAX_LISTED_MISMATCHES = 20;

    private final ConnectionOptions connection;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;
    private final int parallel;
    private final int progressEvery;

    public JobFetcher(ConnectionOptions connection, PrintWriter out, boolean quiet) {
        this(connection, out, out, quiet, DEFAULT_PARALLEL, DEFAULT_PROGRESS_EVERY);
    }

    /**
     * @param err           where warnings go
     * @param parallel      bulk jobs: downloads in flight at once, at least 1
     * @param progressEvery bulk jobs: a progress line after every this many images, at least 1
     */
    public JobFetcher(ConnectionOptions connection, PrintWriter out, PrintWriter err, boolean quiet, int parallel,
                      int progressEvery) {
        if (parallel < 1 || progressEvery < 1) {
            throw new CliException(ExitCodes.INVALID_INPUT, "--parallel and --progress-every must be at least 1, got "
                    + parallel + " and " + progressEvery);
        }
        this.connection = connection;
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.parallel = parallel;
        this.progressEvery = progressEvery;
    }

    /** Downloads and verifies; returns {@link ExitCodes#OK} or throws a {@link CliException}. */
    public int fetch(String jobId, Path dir, Source source) {
        return fetch(jobId, dir, source, null);
    }

    /**
     * Downloads and verifies; returns {@link ExitCodes#OK} or throws a {@link CliException}.
     *
     * @param known the job's completed event when the caller already has it (after a watch), else {@code null}: it
     *              is read from {@link Topics#JOB_EVENTS} when needed ({@code --from event}, or a bulk job's merged
     *              manifest to check against its {@code manifestSha256})
     */
    public int fetch(String jobId, Path dir, Source source, JobCompleted known) {
        List<StoredObject> objects;
        String manifestKey = ObjectKeys.jobManifestKey(jobId);
        JobCompleted completed = known;
        if (source == Source.EVENT) {
            if (completed == null) {
                completed = completedEvent(jobId);
            }
            objects = completed.objects();
            manifestKey = completed.manifestKey();
        } else {
            objects = null;
        }
        List<String> mismatches = new ArrayList<>();
        long bytes = 0;
        try (ObjectStore store = connection.openStore()) {
            byte[] manifestBytes = StoredJob.readManifest(store, connection, jobId, manifestKey);
            JobManifest manifest = StoredJob.parseManifest(jobId, manifestKey, manifestBytes);
            if (manifest.shards() != null || (completed != null && completed.completesBulk())) {
                return fetchBulk(store, new StoredJob(jobId, manifest, manifestBytes), dir, manifestKey, completed);
            }
            if (objects == null) {
                objects = manifest.objects();
            }
            createDirectories(dir);
            for (StoredObject object : objects) {
                Path target = target(dir, jobId, object.key());
                ObjectDigest got = download(store, object.key(), target);
                bytes += got.size();
                if (!got.sha256().equals(object.sha256())) {
                    deleteQuietly(target);
                    mismatches.add(object.key() + ": expected sha256 " + object.sha256() + ", downloaded " + got.sha256()
                            + " (" + got.size() + " bytes; file deleted)");
                } else if (!quiet) {
                    out.println(String.format("  %-40s %8d bytes  sha256 ok", dir.toAbsolutePath().normalize().relativize(target), got.size()));
                }
            }
            indexMismatch(store, jobId, dir, manifest).ifPresent(mismatches::add);
            Path manifestFile = dir.resolve(ObjectKeys.MANIFEST);
            write(manifestFile, manifestBytes);
        }
        if (!mismatches.isEmpty()) {
            out.flush();
            throw new CliException(ExitCodes.VERIFY_FAILED, "job " + jobId + ": " + mismatches.size() + " of "
                    + objects.size() + " objects failed the SHA-256 check:\n  " + String.join("\n  ", mismatches));
        }
        out.println("fetched " + objects.size() + " object" + (objects.size() == 1 ? "" : "s") + " of job " + jobId
                + " (" + bytes + " bytes, every sha256 verified) and " + ObjectKeys.MANIFEST + " into " + dir);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * A bulk job: the merged manifest (its sha256 checked against the completed event's {@code manifestSha256}), each
     * shard manifest (checked against the sha256 the merged manifest lists for it), then every image each shard
     * manifest lists, a few downloads at a time, each checked against its sha256. Shard by shard, so memory stays
     * bounded by one shard's list. The files: images as for a single job, {@code shards/{k:05d}.json} and the merged
     * {@code manifest.json} (written last).
     */
    private int fetchBulk(ObjectStore store, StoredJob job, Path dir, String manifestKey, JobCompleted known) {
        String jobId = job.jobId();
        JobManifest manifest = job.manifest();
        byte[] manifestBytes = job.manifestBytes();
        if (manifest.shards() == null) {
            throw new CliException(ExitCodes.VERIFY_FAILED, manifestKey + " lists no shards, but the completed event of"
                    + " job " + jobId + " is a bulk job's (manifestSha256 " + known.manifestSha256() + ")");
        }
        JobCompleted completed = known != null ? known : bulkCompletedOrNull(jobId);
        String manifestSha = Sha256.hex(manifestBytes);
        String manifestCheck;
        if (completed != null && completed.completesBulk()) {
            if (!manifestSha.equals(completed.manifestSha256())) {
                throw new CliException(ExitCodes.VERIFY_FAILED, "job " + jobId + ": " + manifestKey + " has sha256 "
                        + manifestSha + ", but the completed event says " + completed.manifestSha256()
                        + " (the merged manifest was changed or replaced); nothing downloaded");
            }
            manifestCheck = "merged manifest sha256 matches the completed event";
        } else {
            err.println("warning: job " + jobId + " has no bulk completed event on " + Topics.JOB_EVENTS + " at "
                    + connection.bootstrapServers() + "; " + manifestKey + " (sha256 " + manifestSha + ") is not checked"
                    + " against it (shard manifests and images are still verified)");
            err.flush();
            manifestCheck = "merged manifest sha256 NOT checked: no completed event";
        }
        int expected = manifest.shardImageCount();
        if (completed != null && completed.objectCount() != null && completed.objectCount() != expected) {
            throw new CliException(ExitCodes.VERIFY_FAILED, "job " + jobId + ": the completed event counts "
                    + completed.objectCount() + " images, but the shards of " + manifestKey + " cover " + expected);
        }
        createDirectories(dir);
        int shards = manifest.shards().size();
        if (!quiet) {
            out.println("bulk job " + jobId + ": " + expected + " images in " + shards + " shard" + (shards == 1 ? "" : "s")
                    + " (" + manifestCheck + "), " + parallel + " download" + (parallel == 1 ? "" : "s") + " at a time");
            out.flush();
        }
        // Format shards: the shard manifests list tar shards, each holding many images.
        int objectsExpected = manifest.tarShards() != null ? manifest.tarShards().size() : expected;
        DownloadProgress progress = manifest.tarShards() != null
                ? new DownloadProgress(objectsExpected, manifest.tarShards().stream().mapToLong(t -> t.size()).sum(),
                        "tar shards", progressEvery, PROGRESS_INTERVAL_NANOS, System::nanoTime)
                : new DownloadProgress(objectsExpected, -1, "images", progressEvery, PROGRESS_INTERVAL_NANOS,
                        System::nanoTime);
        BulkDownload download = new BulkDownload(store, jobId, dir, progress);
        try {
            for (JobManifest.ShardEntry entry : manifest.shards()) {
                ShardManifest shard = readShardManifest(store, job, dir, entry);
                for (StoredObject object : shard.objects()) {
                    download.submit(object);
                }
                if (download.fatal() != null) {
                    break;
                }
            }
        } finally {
            download.finish();
        }
        if (download.fatal() != null) {
            throw download.fatal();
        }
        List<String> mismatches = download.mismatches();
        indexMismatch(store, jobId, dir, manifest).ifPresent(mismatches::add);
        write(dir.resolve(ObjectKeys.MANIFEST), manifestBytes);
        if (!mismatches.isEmpty()) {
            out.flush();
            List<String> listed = mismatches.subList(0, Math.min(mismatches.size(), MAX_LISTED_MISMATCHES));
            throw new CliException(ExitCodes.VERIFY_FAILED, "job " + jobId + ": " + mismatches.size() + " of "
                    + download.submitted() + " images failed the SHA-256 check:\n  " + String.join("\n  ", listed)
                    + (mismatches.size() > listed.size() ? "\n  ... and " + (mismatches.size() - listed.size())
                    + " more" : ""));
        }
        if (download.submitted() != objectsExpected) {
            throw new CliException(ExitCodes.VERIFY_FAILED, "job " + jobId + ": the shard manifests list "
                    + download.submitted() + " objects, the merged manifest's shards cover " + objectsExpected);
        }
        out.println("fetched " + expected + " image" + (expected == 1 ? "" : "s") + " of bulk job " + jobId + " from "
                + shards + " shard" + (shards == 1 ? "" : "s") + " (" + download.bytes() + " bytes, every sha256 verified;"
                + " " + manifestCheck + ") and " + ObjectKeys.MANIFEST + " + " + shards + " shard manifest"
                + (shards == 1 ? "" : "s") + " into " + dir);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Shard manifest {@code entry}: read, its sha256 checked against the merged manifest's, parsed, matched to the
     * entry, and saved as {@code dir/shards/{k:05d}.json}.
     */
    private ShardManifest readShardManifest(ObjectStore store, StoredJob job, Path dir, JobManifest.ShardEntry entry) {
        String key = entry.manifest().key();
        byte[] bytes = job.readShardManifest(store, connection, entry);
        ShardManifest shard = job.parseShardManifest(entry, bytes);
        Path file = target(dir, job.jobId(), key);
        createDirectories(file.getParent());
        write(file, bytes);
        return shard;
    }

    /**
     * Downloads the job's {@code index.jsonl} when its manifest lists one (manifests written before it existed do
     * not) and checks its sha256.
     *
     * @return the mismatch, if any (the file is then deleted)
     */
    private java.util.Optional<String> indexMismatch(ObjectStore store, String jobId, Path dir, JobManifest manifest) {
        StoredObject index = manifest.index();
        if (index == null) {
            return java.util.Optional.empty();
        }
        Path target = target(dir, jobId, index.key());
        ObjectDigest got = download(store, index.key(), target);
        if (got.sha256().equals(index.sha256())) {
            return java.util.Optional.empty();
        }
        deleteQuietly(target);
        return java.util.Optional.of(index.key() + ": expected sha256 " + index.sha256() + ", downloaded "
                + got.sha256() + " (" + got.size() + " bytes; file deleted)");
    }

    /** The job's bulk completed event, or {@code null} when there is none (or Kafka cannot tell). */
    private JobCompleted bulkCompletedOrNull(String jobId) {
        try {
            List<JobEvent> events;
            try (JobEventLog log = JobEventLog.open(connection.kafka(), ConnectionOptions.lines(err), jobId)) {
                events = log.snapshot(jobId);
            }
            return events.stream().filter(JobCompleted.class::isInstance).map(JobCompleted.class::cast)
                    .filter(JobCompleted::completesBulk).reduce((a, b) -> b).orElse(null);
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.UNAVAILABLE) {
                throw e;
            }
            err.println("warning: " + e.getMessage());
            err.flush();
            return null;
        } catch (FleetException e) {
            if (e.kind() != FleetException.Kind.UNAVAILABLE) {
                throw e;
            }
            err.println("warning: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /**
     * The images of a bulk job, downloaded at most {@link #parallel} at a time (a semaphore bounds the tasks in
     * flight, so the queue never holds a whole job), each checked against its sha256; a mismatching file is deleted
     * and counted; a storage failure stops the fetch.
     */
    private final class BulkDownload {
        private final ObjectStore store;
        private final String jobId;
        private final Path dir;
        private final DownloadProgress progress;
        private final ExecutorService pool;
        private final Semaphore slots;
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();
        private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        private final AtomicReference<CliException> fatal = new AtomicReference<>();
        private int submitted;

        BulkDownload(ObjectStore store, String jobId, Path dir, DownloadProgress progress) {
            this.store = store;
            this.jobId = jobId;
            this.dir = dir;
            this.progress = progress;
            AtomicInteger threads = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(parallel, r -> {
                Thread t = new Thread(r, "udpm-fetch-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.slots = new Semaphore(parallel * 2);
        }

        void submit(StoredObject object) {
            if (fatal.get() != null) {
                return;
            }
            Path target = target(dir, jobId, object.key());
            submitted++;
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fatal.compareAndSet(null, new CliException(ExitCodes.SOFTWARE, "interrupted while fetching " + jobId));
                return;
            }
            pool.execute(() -> {
                try {
                    one(object, target);
                } catch (CliException e) {
                    if (e.exitCode() == ExitCodes.VERIFY_FAILED) {
                        mismatches.add(e.getMessage());
                    } else {
                        fatal.compareAndSet(null, e);
                    }
                } catch (RuntimeException e) {
                    fatal.compareAndSet(null, new CliException(ExitCodes.SOFTWARE, "fetching " + object.key()
                            + " failed: " + e, e));
                } finally {
                    slots.release();
                }
            });
        }

        private void one(StoredObject object, Path target) {
            ObjectDigest got = download(store, object.key(), target);
            bytes.addAndGet(got.size());
            if (!got.sha256().equals(object.sha256())) {
                deleteQuietly(target);
                mismatches.add(object.key() + ": expected sha256 " + object.sha256() + ", downloaded " + got.sha256()
                        + " (" + got.size() + " bytes; file deleted)");
            }
            int n = finished.incrementAndGet();
            if (!quiet) {
                progress.update(n, bytes.get(), mismatches.size()).ifPresent(line -> {
                    synchronized (out) {
                        out.println(line);
                        out.flush();
                    }
                });
            }
        }

        /** Waits for every download submitted. */
        void finish() {
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // downloads have their own read timeouts; keep waiting
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }

        CliException fatal() {
            return fatal.get();
        }

        List<String> mismatches() {
            synchronized (mismatches) {
                return new ArrayList<>(mismatches);
            }
        }

        int submitted() {
            return submitted;
        }

        long bytes() {
            return bytes.get();
        }
    }

    private JobCompleted completedEvent(String jobId) {
        List<JobEvent> events;
        try (JobEventLog log = JobEventLog.open(connection.kafka(), ConnectionOptions.lines(out), jobId)) {
            events = log.snapshot(jobId);
        }
        return events.stream().filter(JobCompleted.class::isInstance).map(JobCompleted.class::cast).reduce((a, b) -> b)
                .orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND, "job " + jobId + " has no completed event on "
                        + Topics.JOB_EVENTS + " at " + connection.bootstrapServers() + (events.isEmpty()
                        ? " (no events at all: not submitted, or no worker has taken it yet)"
                        : " (last event: " + events.get(events.size() - 1).eventType() + "; see udpm status " + jobId
                        + ")")));
    }

    /** {@code dir/<key below jobs/{jobId}/>}; keys outside the job's prefix or escaping {@code dir} are refused. */
    static Path target(Path dir, String jobId, String key) {
        String prefix = ObjectKeys.jobPrefix(jobId);
        if (!key.startsWith(prefix) || key.length() == prefix.length()) {
            throw new CliException(ExitCodes.VERIFY_FAILED, "object key '" + key + "' is not below " + prefix
                    + "; refusing to download it");
        }
        Path base = dir.toAbsolutePath().normalize();
        Path target = base.resolve(key.substring(prefix.length())).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new CliException(ExitCodes.VERIFY_FAILED, "object key '" + key + "' escapes " + dir
                    + "; refusing to download it");
        }
        return target;
    }

    private ObjectDigest download(ObjectStore store, String key, Path target) {
        try {
            return store.download(key, target);
        } catch (NoSuchObjectException e) {
            throw new CliException(ExitCodes.VERIFY_FAILED, "object " + key + " is listed but missing from "
                    + connection.describeStore());
        } catch (StorageException e) {
            throw storageFailure(e);
        }
    }

    private static CliException storageFailure(StorageException e) {
        return StoredJob.storageFailure(e);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, "--out: cannot create folder " + dir + ": " + e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the mismatch is reported either way
        }
    }
}
