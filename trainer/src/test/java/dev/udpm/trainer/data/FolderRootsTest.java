package dev.udpm.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderRootsTest {

    @TempDir
    Path dir;

    @Test
    void resolvesRelativeAndAbsolutePathsInsideARootOnly() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a/flowers/roses"));
        Path b = Files.createDirectories(dir.resolve("b/cars"));
        Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(dir.resolve("a/link-out"), dir.resolve("outside"));
        Files.createSymbolicLink(dir.resolve("a/link-in"), a);
        FolderRoots roots = new FolderRoots(List.of(dir.resolve("a"), dir.resolve("b")));

        assertEquals(Optional.of(a.toRealPath()), roots.resolve("flowers/roses"));
        assertEquals(Optional.of(b.toRealPath()), roots.resolve("cars"), "second root tried");
        assertEquals(Optional.of(a.toRealPath()), roots.resolve(a.toString()), "absolute under a root");
        assertEquals(Optional.of(a.toRealPath()), roots.resolve("link-in"), "a link inside a root is fine");
        for (String bad : List.of("../outside", "link-out", dir.resolve("outside").toString(), "/etc", "/", "",
                "flowers/../../outside", "no-such", "flowers/roses/\u0000")) {
            assertTrue(roots.resolve(bad).isEmpty(), bad);
        }
        assertFalse(new FolderRoots(List.of()).any());
        assertTrue(new FolderRoots(List.of()).resolve("flowers").isEmpty());
        assertEquals(List.of(dir.resolve("missing")), new FolderRoots(List.of(dir.resolve("missing"), a)).missing());
    }
}
