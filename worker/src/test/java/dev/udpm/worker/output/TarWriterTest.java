package dev.udpm.worker.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.udpm.storage.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TarWriter}: POSIX ustar that an independent reader and Python's {@code tarfile} read, the same bytes twice. */
class TarWriterTest {

    private static final byte[] PNG = "\u0089PNG fake image bytes".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] JSON = "{\"index\":7,\"label\":3}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BLOCK_SIZED = new byte[512];

    @TempDir
    Path dir;

    private static byte[] sample() {
        return new TarWriter(0)
                .add("00000007.cls", "3".getBytes(StandardCharsets.US_ASCII))
                .add("00000007.json", JSON)
                .add("00000007.png", PNG)
                .add("empty", new byte[0])
                .add("block", BLOCK_SIZED)
                .finish();
    }

    @Test
    void membersReadBackInOrderAsPlainFilesOfOwnerZeroAndTimeZero() {
        byte[] tar = sample();
        List<TarReader.Member> members = TarReader.read(tar);
        assertEquals(List.of("00000007.cls", "00000007.json", "00000007.png", "empty", "block"),
                members.stream().map(TarReader.Member::name).toList());
        assertArrayEquals("3".getBytes(StandardCharsets.US_ASCII), members.get(0).data());
        assertArrayEquals(JSON, members.get(1).data());
        assertArrayEquals(PNG, members.get(2).data());
        assertArrayEquals(new byte[0], members.get(3).data());
        assertArrayEquals(BLOCK_SIZED, members.get(4).data());
        for (TarReader.Member m : members) {
            assertEquals('0', m.type(), m.name() + " is a regular file");
            assertEquals(0644, m.mode(), m.name() + " mode");
            assertEquals(0, m.uid(), m.name() + " uid");
            assertEquals(0, m.gid(), m.name() + " gid");
            assertEquals(0, m.mtime(), m.name() + " mtime");
            assertEquals("", m.userName(), m.name() + " user name");
            assertEquals("", m.groupName(), m.name() + " group name");
        }
        // 5 headers, data blocks 1 + 1 + 1 + 0 + 1, two end blocks.
        assertEquals(512 * (5 + 4 + 2), tar.length, "every member padded to 512 bytes, two zero blocks at the end");
    }

    @Test
    void theSameMembersGiveTheSameBytes() {
        assertArrayEquals(sample(), sample(), "no clock, user or machine in the archive");
    }

    @Test
    void badNamesAreRefused() {
        TarWriter tar = new TarWriter(0);
        for (String name : new String[] {"", "/etc/passwd", "../up", "a/../../b", "with space", "x".repeat(101),
                "caf\u00e9"}) {
            assertThrows(IllegalArgumentException.class, () -> tar.add(name, PNG), "'" + name + "' must be refused");
        }
        tar.finish();
        assertThrows(IllegalStateException.class, () -> tar.add("late", PNG), "a finished archive takes no member");
    }

    @Test
    void pythonsTarfileReadsTheSameMembers() throws Exception {
        assumeTrue(pythonPresent(), "python3 is not installed: the independent tarfile check cannot run");
        Path file = dir.resolve("sample.tar");
        Files.write(file, sample());
        String script = "import hashlib, sys, tarfile\n"
                + "with tarfile.open(sys.argv[1], mode='r:') as t:\n"
                + "    for m in t.getmembers():\n"
                + "        d = t.extractfile(m).read()\n"
                + "        print(m.name, m.size, m.mode, m.uid, m.gid, m.mtime, m.isfile(), hashlib.sha256(d).hexdigest())\n";
        Process p = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, p.exitValue(), out);
        String expected = line("00000007.cls", "3".getBytes(StandardCharsets.US_ASCII)) + line("00000007.json", JSON)
                + line("00000007.png", PNG) + line("empty", new byte[0]) + line("block", BLOCK_SIZED);
        assertEquals(expected, out);
    }

    private static String line(String name, byte[] data) {
        return name + " " + data.length + " 420 0 0 0 True " + Sha256.hex(data) + "\n";
    }

    static boolean pythonPresent() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
