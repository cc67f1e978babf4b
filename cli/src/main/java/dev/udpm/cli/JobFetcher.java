package dev.udpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageException;

/**
 * Downloads a finished job's objects (images, grid) and its {@code manifest.json} into a folder and checks every
 * object's SHA-256 against the one recorded for it. The list comes from the job manifest
 * ({@code jobs/{jobId}/manifest.json}, written last, so it exists only for a completed job) or from the
 * {@code completed} event on {@link Topics#JOB_EVENTS}. Files are named by their key below {@code jobs/{jobId}/};
 * a file whose digest does not match is deleted and the fetch fails with {@link ExitCodes#VERIFY_FAILED}.
 */
public final class JobFetcher {

    /** Where the object list comes from. */
    public enum Source {
        /** {@code jobs/{jobId}/manifest.json} in the bucket. */
        MANIFEST,
        /** The job's {@code completed} event. */
        EVENT
    }

    private final ConnectionOptions connection;
    private final PrintWriter out;
    private final boolean quiet;

    public JobFetcher(ConnectionOptions connection, PrintWriter out, boolean quiet) {
        this.connection = connection;
        this.out = out;
        this.quiet = quiet;
    }

    /** Downloads and verifies; returns {@link ExitCodes#OK} or throws a {@link CliException}. */
    public int fetch(String jobId, Path dir, Source source) {
        List<StoredObject> objects;
        String manifestKey = ObjectKeys.jobManifestKey(jobId);
        if (source == Source.EVENT) {
            JobCompleted completed = completedEvent(jobId);
            objects = completed.objects();
            manifestKey = completed.manifestKey();
        } else {
            objects = null;
        }
        List<String> mismatches = new ArrayList<>();
        long bytes = 0;
        try (ObjectStore store = connection.openStore()) {
            byte[] manifestBytes = readManifest(store, jobId, manifestKey);
            JobManifest manifest = parseManifest(jobId, manifestKey, manifestBytes);
            if (objects == null) {
                objects = manifest.objects();
            }
            createDirectories(dir);
            for (StoredObject object : objects) {
                Path target = target(dir, jobId, object.key());
                dev.udpm.storage.StoredObject got = download(store, object.key(), target);
                bytes += got.size();
                if (!got.sha256().equals(object.sha256())) {
                    deleteQuietly(target);
                    mismatches.add(object.key() + ": expected sha256 " + object.sha256() + ", downloaded " + got.sha256()
                            + " (" + got.size() + " bytes; file deleted)");
                } else if (!quiet) {
                    out.println(String.format("  %-40s %8d bytes  sha256 ok", dir.toAbsolutePath().normalize().relativize(target), got.size()));
                }
            }
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

    private JobCompleted completedEvent(String jobId) {
        List<JobEvent> events;
        try (JobEventLog log = JobEventLog.open(new KafkaIo(connection), out, jobId)) {
            events = log.snapshot(jobId);
        }
        return events.stream().filter(JobCompleted.class::isInstance).map(JobCompleted.class::cast).reduce((a, b) -> b)
                .orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND, "job " + jobId + " has no completed event on "
                        + Topics.JOB_EVENTS + " at " + connection.bootstrapServers() + (events.isEmpty()
                        ? " (no events at all: not submitted, or no worker has taken it yet)"
                        : " (last event: " + events.get(events.size() - 1).eventType() + "; see udpm status " + jobId
                        + ")")));
    }

    private byte[] readManifest(ObjectStore store, String jobId, String key) {
        try {
            return store.get(key);
        } catch (NoSuchObjectException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "job " + jobId + " has no " + key + " in "
                    + connection.describeStore() + ": it has not completed (see udpm status " + jobId + " or udpm watch "
                    + jobId + ")");
        } catch (StorageException e) {
            throw storageFailure(e);
        }
    }

    private static JobManifest parseManifest(String jobId, String key, byte[] bytes) {
        try {
            JobManifest manifest = ContractValidator.shared().parseJobManifest(new String(bytes,
                    java.nio.charset.StandardCharsets.UTF_8));
            if (!manifest.jobId().equals(jobId)) {
                throw new CliException(ExitCodes.VERIFY_FAILED, key + " names job " + manifest.jobId() + ", not " + jobId);
            }
            return manifest;
        } catch (ContractViolationException e) {
            throw new CliException(ExitCodes.VERIFY_FAILED, key + " is not a valid job manifest: " + e.getMessage());
        }
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

    private dev.udpm.storage.StoredObject download(ObjectStore store, String key, Path target) {
        try {
            return store.download(key, target);
        } catch (NoSuchObjectException e) {
            throw new CliException(ExitCodes.VERIFY_FAILED, "object " + key + " is listed but missing from "
                    + connection.describeStore());
        } catch (StorageException e) {
            throw storageFailure(e);
        }
    }

    private CliException storageFailure(StorageException e) {
        return new CliException(ExitCodes.UNAVAILABLE, e.getMessage() + " (check --s3-endpoint, --s3-access-key,"
                + " --s3-secret-key and --bucket, or the UDPM_S3_* variables)", e);
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
