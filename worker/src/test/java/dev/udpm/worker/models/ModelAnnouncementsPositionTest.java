package dev.udpm.worker.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Start-up waits until udpm.models is read to its end offsets: the positions must count every record handled. */
class ModelAnnouncementsPositionTest {

    @Test
    void positionsAdvancePastEveryHandledRecordValidOrNot() {
        ModelAnnouncements announcements = new ModelAnnouncements();
        assertTrue(announcements.hasReached(Map.of()), "nothing to read");
        assertTrue(announcements.hasReached(Map.of(0, 0L)), "an empty partition is read");
        assertFalse(announcements.hasReached(Map.of(0, 5L)));

        announcements.onAnnouncement(new ConsumerRecord<>("udpm.models", 0, 3L, "m", "{not json"));
        assertFalse(announcements.hasReached(Map.of(0, 5L)), "offset 4 is not read yet");
        announcements.onAnnouncement(new ConsumerRecord<>("udpm.models", 0, 4L, "m", null)); // tombstone
        assertTrue(announcements.hasReached(Map.of(0, 5L)), "offsets 0..4 are read: end offset 5 is reached");
        assertFalse(announcements.hasReached(Map.of(0, 5L, 1, 1L)), "partition 1 is not read");
        assertEquals(Optional.empty(), announcements.latestVersion("m"));
    }
}
