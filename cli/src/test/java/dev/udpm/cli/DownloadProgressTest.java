package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DownloadProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aLineEveryNObjectsAtLeastEveryIntervalAndForTheLastWithBytesRateAndTimeLeft() {
        AtomicLong now = new AtomicLong(0);
        DownloadProgress progress = new DownloadProgress(10, 100_000_000L, "tar shards", 4, 2 * SECOND, now::get);

        now.set(SECOND);
        assertEquals(Optional.empty(), progress.update(1, 10_000_000L, 0), "not due: 1 of 4, 1 s");
        now.set(2 * SECOND);
        assertEquals(Optional.of("  2/10 tar shards, 20.0 of 100.0 MB (20%), 10.0 MB/s, about 8 s left,"
                + " 0 sha256 mismatches so far"), progress.update(2, 20_000_000L, 0), "due: 2 s since the start");
        now.set(2 * SECOND + 1);
        assertEquals(Optional.empty(), progress.update(3, 30_000_000L, 0));
        assertEquals(Optional.of("  4/10 tar shards, 40.0 of 100.0 MB (40%), 20.0 MB/s, about 3 s left,"
                + " 1 sha256 mismatch so far"), progress.update(4, 40_000_000L, 1), "due: every 4th object");
        now.set(5 * SECOND);
        assertEquals(Optional.of("  10/10 tar shards, 100.0 of 100.0 MB (100%), 20.0 MB/s, 1 sha256 mismatch so far"),
                progress.update(10, 100_000_000L, 1), "the last object always, without a time left");
    }

    @Test
    void withoutATotalSizeTheShareIsByObjects() {
        AtomicLong now = new AtomicLong(0);
        DownloadProgress progress = new DownloadProgress(8, -1, "images", 3, 60 * SECOND, now::get);
        now.set(SECOND);
        String line = progress.update(6, 3_000_000L, 0).orElseThrow();
        assertEquals("  6/8 images, 3.0 MB (75%), 3.0 MB/s, about 0 s left, 0 sha256 mismatches so far", line);
        assertTrue(progress.update(7, 3_500_000L, 0).isEmpty());
    }
}
