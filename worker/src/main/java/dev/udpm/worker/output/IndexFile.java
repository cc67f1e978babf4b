package dev.udpm.worker.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.SampleRecord;
import dev.udpm.storage.Sha256;

/**
 * A bulk job's {@code index.jsonl} built in a local temporary file while its lines are appended, hashed as they are
 * written: the merge uploads it with one call ({@link JobObjects#putIndex(String, IndexFile)}) and reads nothing back,
 * and its memory stays bounded whatever the job's size. {@link #close()} deletes the file. Not thread-safe.
 */
public final class IndexFile implements AutoCloseable {

    private final Path file;
    private final MessageDigest digest = Sha256.newDigest();
    private final OutputStream out;
    private long size;
    private boolean finished;
    private String sha256;

    private IndexFile(Path file, OutputStream out) {
        this.file = file;
        this.out = new DigestOutputStream(out, digest);
    }

    /** An empty index in a new temporary file. */
    public static IndexFile create() {
        try {
            Path file = Files.createTempFile("udpm-index-", ".jsonl");
            return new IndexFile(file, new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for a job's index.jsonl", e);
        }
    }

    /** Appends {@code sample} as one line (its JSON and a newline). */
    public void append(SampleRecord sample) {
        if (finished) {
            throw new IllegalStateException("the index is finished");
        }
        byte[] line = (Json.write(sample) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index file " + file, e);
        }
        size += line.length;
    }

    /** Ends the index; its lines are then in {@link #path()}, with {@link #sha256()} and {@link #size()}. */
    void finish() {
        if (!finished) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the index file " + file, e);
            }
            sha256 = Sha256.hex(digest);
            finished = true;
        }
    }

    Path path() {
        return file;
    }

    /** SHA-256 of the lines written (call after {@link #finish()}). */
    String sha256() {
        return sha256;
    }

    long size() {
        return size;
    }

    /** Deletes the temporary file. */
    @Override
    public void close() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the index file " + file, e);
        }
    }
}
