package dev.udpm.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerProcessTest {

    @TempDir
    Path dir;

    @Test
    void aWorkerThatIgnoredItsArchiveIsNoticedFromItsLog() throws Exception {
        Path ignored = Files.writeString(dir.resolve("a.log"), "[0.035s][warning][cds,dynamic] Unable to use shared"
                + " archive. The top archive failed to load: /tmp/fs/app-base/app-cds.jsa\n__  ____  __\n");
        Path used = Files.writeString(dir.resolve("b.log"), "__  ____  __\nINFO started in 4.7s\n");
        assertTrue(WorkerProcess.ignoredItsArchive(ignored));
        assertFalse(WorkerProcess.ignoredItsArchive(used));
        assertFalse(WorkerProcess.ignoredItsArchive(dir.resolve("missing.log")));
    }
}
