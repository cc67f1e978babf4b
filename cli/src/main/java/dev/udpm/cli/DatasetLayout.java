package dev.udpm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SampleRecord;
import dev.udpm.schemas.TarShard;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;
import dev.udpm.storage.Sha256;

/**
 * {@code udpm fetch --layout}: rearranges a job fetched (and verified) into a folder, from its {@code index.jsonl}:
 * <ul>
 *   <li>{@code shards}: the tar shards as stored ({@code tar/{first:06d}.tar}); refused for a job that stored PNGs;</li>
 *   <li>{@code png}: one {@code {index:06d}.png} per image (a shards job's tars are unpacked, then removed);</li>
 *   <li>{@code imagefolder}: {@code <class folder>/{index:06d}.png} when the model names its classes
 *       ({@link ModelClassNames}; the folder is the class name, made safe and distinct by {@link ClassFolders}), else {@code <label>/{index:06d}.png} with the label zero-padded to the width of the
 *       largest one so the folders sort in label order ({@code torchvision.datasets.ImageFolder} opens either as is);
 *       refused for unlabelled images.</li>
 * </ul>
 * Every PNG taken out of a tar is checked against the sha256 its index line records. {@code manifest.json} and
 * {@code index.jsonl} stay; with {@code imagefolder}, a bulk job's shard manifests become {@code shard-NNNNN.json} files
 * beside them, so that every folder is a class folder.
 */
final class DatasetLayout {

    /** The layouts of {@code --layout}. */
    enum Layout { PNG, SHARDS, IMAGEFOLDER }

    /** Where fetch puts a bulk job's shard manifests ({@code jobs/{jobId}/shards/NNNNN.json}). */
    static final String SHARDS_FOLDER = "shards";

    private DatasetLayout() {
    }

    /**
     * Rearranges {@code dir} (the job {@code jobId} as fetched) into {@code layout}.
     *
     * @return a line saying what was done
     */
    static String apply(Path dir, String jobId, Layout layout) {
        return apply(dir, jobId, layout, null);
    }

    /**
     * Rearranges {@code dir} into {@code layout}; with {@code imagefolder} and {@code classNames} (element i names label
     * i; any strings), the folders are named by class through {@link ClassFolders#of}.
     *
     * @return a line saying what was done
     */
    static String apply(Path dir, String jobId, Layout layout, List<String> classNames) {
        JobManifest manifest = read(dir.resolve(ObjectKeys.MANIFEST), ContractValidator.shared()::parseJobManifest);
        boolean shards = manifest.tarShards() != null;
        if (layout == Layout.SHARDS) {
            if (!shards) {
                throw new CliException(ExitCodes.INVALID_INPUT, "--layout shards: job " + jobId + " stored PNGs, not"
                        + " tar shards (submit with --format shards); its PNGs are in " + dir);
            }
            return "layout shards: " + manifest.tarShards().size() + " tar shards in " + dir.resolve("tar");
        }
        if (manifest.index() == null) {
            throw new CliException(ExitCodes.INVALID_INPUT, "--layout " + layout.name().toLowerCase() + ": job " + jobId
                    + " has no index.jsonl (made by a worker before it existed); its files are in " + dir);
        }
        List<SampleRecord> index = index(dir.resolve(ObjectKeys.INDEX));
        String width = "%0" + index.stream().filter(s -> s.label() != null).mapToInt(s -> s.label()).max()
                .stream().map(max -> Integer.toString(max).length()).findFirst().orElse(1) + "d";
        if (layout == Layout.IMAGEFOLDER) {
            index.stream().filter(s -> s.label() == null).findFirst().ifPresent(s -> {
                throw new CliException(ExitCodes.INVALID_INPUT, "--layout imagefolder: image " + s.index() + " of job "
                        + jobId + " has no class label (an unconditional model); use --layout png");
            });
            if (classNames != null) {
                index.stream().filter(s -> s.label() >= classNames.size()).findFirst().ifPresent(s -> {
                    throw new CliException(ExitCodes.VERIFY_FAILED, "image " + s.index() + " of job " + jobId
                            + " has label " + s.label() + ", but the model names " + classNames.size() + " classes");
                });
            }
        }
        List<String> folders = layout == Layout.IMAGEFOLDER && classNames != null ? ClassFolders.of(classNames) : null;
        Map<Integer, Path> targets = new TreeMap<>();
        for (SampleRecord sample : index) {
            String file = String.format("%06d.png", sample.index());
            String folder = layout != Layout.IMAGEFOLDER ? null
                    : folders != null ? folders.get(sample.label()) : String.format(width, sample.label());
            targets.put(sample.index(), folder != null ? dir.resolve(folder).resolve(file) : dir.resolve(file));
        }
        try {
            if (shards) {
                unpack(dir, jobId, manifest.tarShards(), index, targets);
            } else {
                for (SampleRecord sample : index) {
                    Path from = JobFetcher.target(dir, jobId, sample.key());
                    Path to = targets.get(sample.index());
                    if (!from.equals(to)) {
                        Files.createDirectories(to.getParent());
                        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            if (layout == Layout.IMAGEFOLDER) {
                shardManifestsToFiles(dir);
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.SOFTWARE, "--layout " + layout.name().toLowerCase() + " in " + dir
                    + " failed: " + e.getMessage(), e);
        }
        long classes = targets.values().stream().map(Path::getParent).distinct().count();
        List<String> renamed = new ArrayList<>();
        if (folders != null) {
            for (int label = 0; label < folders.size(); label++) {
                if (!folders.get(label).equals(classNames.get(label))) {
                    renamed.add(label + " '" + classNames.get(label) + "' -> " + folders.get(label));
                }
            }
        }
        return "layout " + layout.name().toLowerCase() + ": " + index.size() + " images"
                + (layout == Layout.IMAGEFOLDER ? " in " + classes + " class folders" : "") + " in " + dir
                + (renamed.isEmpty() ? "" : "; class folders renamed to be safe and distinct (ClassFolders):"
                + " " + String.join(", ", renamed));
    }

    /**
     * A bulk job's shard manifests, fetched into {@code shards/NNNNN.json}, become the files {@code shard-NNNNN.json}
     * beside {@code manifest.json}: {@code torchvision.datasets.ImageFolder} takes every folder of {@code DIR} for a
     * class and refuses one without images, so the folders of an imagefolder layout are the class folders only.
     */
    static void shardManifestsToFiles(Path dir) throws IOException {
        Path shards = dir.resolve(SHARDS_FOLDER);
        if (!Files.isDirectory(shards)) {
            return;
        }
        try (var files = Files.list(shards)) {
            for (Path file : files.toList()) {
                Files.move(file, dir.resolve("shard-" + file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.delete(shards);
    }

    /** Writes every PNG of every tar to its target (sha256 checked against the index), then removes the tars. */
    private static void unpack(Path dir, String jobId, List<TarShard> tars, List<SampleRecord> index,
            Map<Integer, Path> targets) throws IOException {
        int found = 0;
        for (TarShard tar : tars) {
            Path file = JobFetcher.target(dir, jobId, tar.key());
            try (InputStream in = Files.newInputStream(file)) {
                TarMembers members = new TarMembers(in, tar.key());
                for (TarMembers.Member m = members.next(); m != null; m = members.next()) {
                    if (!m.name().endsWith(".png")) {
                        continue;
                    }
                    int at = Integer.parseInt(m.name().substring(0, m.name().length() - 4));
                    SampleRecord sample = at < index.size() ? index.get(at) : null;
                    if (sample == null || !m.name().equals(sample.member()) || !tar.key().equals(sample.key())
                            || !Sha256.hex(m.data()).equals(sample.sha256())) {
                        throw new CliException(ExitCodes.VERIFY_FAILED, tar.key() + ": member " + m.name()
                                + " does not match its index.jsonl line (name, tar or sha256)");
                    }
                    Path to = targets.get(at);
                    Files.createDirectories(to.getParent());
                    Files.write(to, m.data());
                    found++;
                }
            }
        }
        if (found != index.size()) {
            throw new CliException(ExitCodes.VERIFY_FAILED, "job " + jobId + ": the tar shards hold " + found
                    + " images, index.jsonl lists " + index.size());
        }
        for (TarShard tar : tars) {
            Files.deleteIfExists(JobFetcher.target(dir, jobId, tar.key()));
        }
        Path tarDir = dir.resolve("tar");
        try (var left = Files.list(tarDir)) {
            if (left.findAny().isEmpty()) {
                Files.delete(tarDir);
            }
        } catch (java.nio.file.NoSuchFileException ignored) {
            // nothing to remove
        }
    }

    private static List<SampleRecord> index(Path file) {
        List<SampleRecord> lines = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                SampleRecord sample = ContractValidator.shared().parseSampleRecord(line);
                if (sample.index() != lines.size()) {
                    throw new CliException(ExitCodes.VERIFY_FAILED, file + ": line " + (lines.size() + 1)
                            + " is image " + sample.index() + ", expected " + lines.size());
                }
                lines.add(sample);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ContractViolationException e) {
            throw new CliException(ExitCodes.VERIFY_FAILED, file + " is not a valid index: " + e.getMessage());
        }
        return lines;
    }

    private static <T> T read(Path file, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ContractViolationException e) {
            throw new CliException(ExitCodes.VERIFY_FAILED, file + ": " + e.getMessage());
        }
    }
}
