package dev.udpm.deploy.objectstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the MinIO setup script of ConfigMap {@code udpm-minio-setup} with {@code /bin/sh} and a fake {@code mc} on
 * the PATH that records its arguments (and the standard input of {@code mc ilm import}), so the script's logic can
 * be checked without MinIO.
 */
final class SetupScript {

    /**
     * What one run did.
     *
     * @param exitCode the script's exit code
     * @param stderr its standard error
     * @param mcCalls the argument lines of every mc call, in order
     * @param lifecycleJson what was piped into {@code mc ilm import}, or empty
     * @param workDir the script's WORK_DIR
     */
    record Run(int exitCode, String stderr, List<String> mcCalls, String lifecycleJson, Path workDir) {
    }

    private SetupScript() {
    }

    /**
     * Runs {@code script} with environment {@code env} (plus PATH, WORK_DIR); the fake mc fails
     * {@code admin policy attach} when {@code attachFails}, and prints {@code userInfo} for {@code admin user info}.
     */
    static Run run(String script, Map<String, String> env, boolean attachFails, String userInfo, Path dir) {
        try {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path work = Files.createDirectories(dir.resolve("work"));
            Path log = dir.resolve("mc.log");
            Path ilm = dir.resolve("ilm.json");
            Path mc = bin.resolve("mc");
            Files.writeString(mc, String.join("\n",
                    "#!/bin/sh",
                    "echo \"$*\" >> '" + log + "'",
                    "case \"$1 $2 $3\" in",
                    "  'ilm import '*) cat > '" + ilm + "' ;;",
                    "  'admin policy attach') [ '" + attachFails + "' = true ] && exit 1 ;;",
                    "  'admin user info') echo '" + userInfo + "' ;;",
                    "esac",
                    "exit 0", ""));
            Files.setPosixFilePermissions(mc, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path scriptFile = dir.resolve("setup.sh");
            Files.writeString(scriptFile, script);
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", scriptFile.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dir.resolve("stderr.txt").toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.environment().put("PATH", bin + ":/usr/bin:/bin");
            builder.environment().put("WORK_DIR", work.toString());
            Process process = builder.start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("setup.sh did not finish within 30 s (is it waiting for MinIO?)");
            }
            return new Run(process.exitValue(), Files.readString(dir.resolve("stderr.txt")),
                    Files.exists(log) ? Files.readAllLines(log) : List.of(),
                    Files.exists(ilm) ? Files.readString(ilm) : "", work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
