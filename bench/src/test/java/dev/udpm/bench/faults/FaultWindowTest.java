package dev.udpm.bench.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class FaultWindowTest {

    private static final long MS = 1_000_000;

    @Test
    void anUploadInFlightAtTheKillIsNotTheFirstNewImage() {
        AtomicInteger stored = new AtomicInteger(960);
        FaultWindow window = new FaultWindow(0, stored::get, -1, "every image");
        stored.incrementAndGet(); // the killed worker's last PUT lands 100 ms after the kill
        window.sample(100 * MS);
        assertEquals(-1, window.firstNew, "an image within the grace is the dead process's");
        window.sample(FaultWindow.IN_FLIGHT_GRACE_MS * MS);
        window.sample(5_000 * MS);
        assertEquals(-1, window.firstNew, "nothing new since the grace");
        stored.incrementAndGet(); // the restarted worker's first image
        window.sample(8_700 * MS);
        assertEquals(8_700 * MS, window.firstNew);
    }

    @Test
    void workCompletedByItsInFlightUploadsHasNothingLeftToMove() {
        AtomicInteger stored = new AtomicInteger(49);
        FaultWindow window = new FaultWindow(0, stored::get, 50, "one shard of 50 images");
        assertFalse(window.nothingLeftToMove());
        stored.incrementAndGet();
        window.sample(600 * MS);
        assertTrue(window.nothingLeftToMove(), "its last image landed just after the kill");
    }
}
