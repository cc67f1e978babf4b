package dev.udpm.worker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.udpm.schemas.job.Lineage;
import org.junit.jupiter.api.Test;

/** {@link WorkerBuild}: what the build filled in is read, what it could not fill is absent, never guessed. */
class WorkerBuildTest {

    @Test
    void theBuildFilledInTheMavenVersionAndTheCommitOfThisCheckout() throws Exception {
        Lineage.Build build = WorkerBuild.current();
        assertFalse(build.version().contains("${") || build.version().equals("unknown"),
                "the build fills in the Maven version: " + build);
        assertTrue(build.version().matches("\\d+\\.\\d+\\.\\d+.*"), build.version());
        String head = gitHead();
        if (head != null) {
            assertEquals(head, build.commit(), "built in a git checkout: the commit of its HEAD");
            assertTrue(build.dirty() != null, "with a commit comes whether the checkout was dirty");
        }
    }

    @Test
    void whatTheBuildDidNotWriteOrWroteMalformedIsAbsent() {
        assertEquals(new Lineage.Build("unknown", null, null), WorkerBuild.of("${project.version}", null, null));
        assertEquals(new Lineage.Build("1.2.3", "0123456789abcdef0123456789abcdef01234567", true),
                WorkerBuild.of("1.2.3", "0123456789abcdef0123456789abcdef01234567\n", " M worker/pom.xml\n"));
        assertEquals(new Lineage.Build("1.2.3", "0123456789abcdef0123456789abcdef01234567", false),
                WorkerBuild.of("1.2.3", "0123456789abcdef0123456789abcdef01234567\n", ""));

        Lineage.Build noCheckout = WorkerBuild.of("1.2.3", "fatal: not a git repository", "");
        assertNull(noCheckout.commit(), "git's error is not a commit");
        assertNull(noCheckout.dirty(), "dirty only comes with a commit");
        assertNull(WorkerBuild.of("1.2.3", "0123456", "").commit(), "an abbreviated commit is not recorded");

        assertEquals(new Lineage.Build("unknown", null, null), WorkerBuild.read(new ClassLoader(null) {
        }), "without the resources");
    }

    /** {@code git rev-parse HEAD} of the module's checkout, or null when git or a checkout is not there. */
    private static String gitHead() throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(Path.of(".").toFile())
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return null;
            }
            return out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
