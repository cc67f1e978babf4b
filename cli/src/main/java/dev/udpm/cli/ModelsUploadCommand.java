package dev.udpm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code udpm models upload DIR}: stores an exported model folder under {@code models/{name}/{version}/} (every file
 * checked against the manifest's SHA-256 first, {@code manifest.json} last), so that jobs can pin that version with
 * {@code --model-version}; e.g. an earlier packaged model taken from git (models/README.md). Nothing is announced on
 * {@code udpm.models}: the latest version stays what it was. A version is immutable: a folder whose manifest differs
 * from the one already stored under its version is refused.
 */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Store an exported model folder in the object store so jobs can pin its version "
                + "(--model-version); the latest version is not changed."})
public final class ModelsUploadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "DIR", description = "An exported model folder (manifest.json, saved_model.pb,"
            + " variables/).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Path manifestFile = dir.resolve(ModelManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new CliException(ExitCodes.INVALID_INPUT, dir + " has no " + ModelManifest.FILE_NAME
                    + ": not an exported model folder");
        }
        byte[] bytes = Files.readAllBytes(manifestFile);
        ModelManifest manifest;
        try {
            manifest = ContractValidator.shared().parseModelManifest(new String(bytes, StandardCharsets.UTF_8));
        } catch (ContractViolationException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, manifestFile + " is not a valid model manifest: "
                    + e.getMessage());
        }
        String key = ModelManifest.keyOf(manifest.name(), manifest.version());
        PrintWriter out = spec.commandLine().getOut();
        try (ObjectStore store = connection.openStore()) {
            byte[] stored = store.find(key).orElse(null);
            if (stored != null && Arrays.equals(stored, bytes)) {
                out.printf("%s/%s is already stored (%s); pin it with --model-version %s%n", manifest.name(),
                        manifest.version(), key, manifest.version());
                out.flush();
                return ExitCodes.OK;
            }
            if (stored != null) {
                throw new CliException(ExitCodes.INVALID_INPUT, key + " already holds another manifest (sha256 "
                        + Sha256.hex(stored) + ", this folder's " + Sha256.hex(bytes) + "): a version is immutable;"
                        + " export the folder under another version");
            }
            try {
                store.putFolderThenLast(manifest.prefix(), dir, manifest.fileSha256s(), ModelManifest.FILE_NAME, bytes,
                        ObjectKeys.JSON);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.VERIFY_FAILED, dir + ": " + e.getMessage());
            }
        }
        out.printf("stored %s/%s in %s (%d files, manifest sha256 %s); pin it with --model-version %s (the latest"
                + " version is unchanged)%n", manifest.name(), manifest.version(), manifest.prefix(),
                manifest.files().size(), Sha256.hex(bytes), manifest.version());
        out.flush();
        return ExitCodes.OK;
    }
}
