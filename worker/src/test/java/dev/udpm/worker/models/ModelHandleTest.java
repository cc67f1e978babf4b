package dev.udpm.worker.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reference counting of one loaded version (docs/tensorflow.md#hot-reload). */
class ModelHandleTest {

    static Path dir;

    @BeforeAll
    static void export() throws Exception {
        dir = TinyExports.shared("m", "v1", 11);
    }

    private final AtomicInteger closedCalls = new AtomicInteger();

    private ModelHandle newHandle() throws Exception {
        UdpmModel model = ModelLoader.load(dir, DeviceOptions.cpu(1, 1));
        return new ModelHandle(model, Instant.EPOCH, "test", h -> closedCalls.incrementAndGet());
    }

    @Test
    void retiredVersionClosesOnlyAfterItsLastLease() throws Exception {
        ModelHandle handle = newHandle();
        ModelLease first = handle.lease();
        ModelLease second = handle.lease();
        assertEquals(2, handle.activeLeases());

        handle.retire();
        assertTrue(handle.retired());
        assertFalse(handle.closed(), "two leases are open: the model must stay open");
        assertEquals(2 * 32 * 32, TinyExports.fingerprint(first.model()).length, "a leased model still generates");

        first.close();
        assertFalse(handle.closed(), "one lease is still open");
        TinyExports.fingerprint(second.model());
        assertEquals(0, closedCalls.get());

        second.close();
        assertTrue(handle.closed(), "the last lease of a retired version closes it");
        assertEquals(1, closedCalls.get(), "the close listener runs exactly once");
        assertThrows(IllegalStateException.class, () -> TinyExports.fingerprint(handle.model()),
                "the UdpmModel itself must be closed");
    }

    @Test
    void unretiredVersionStaysOpenWithoutLeases() throws Exception {
        ModelHandle handle = newHandle();
        handle.lease().close();
        handle.lease().close();
        assertFalse(handle.closed(), "the registry's own reference keeps a loaded version open");
        assertEquals(0, handle.activeLeases());
        handle.retire();
        assertTrue(handle.closed(), "retiring an unleased version closes it at once");
        assertEquals(1, closedCalls.get());
    }

    @Test
    void closedVersionCannotBeLeasedAgain() throws Exception {
        ModelHandle handle = newHandle();
        handle.retire();
        assertTrue(handle.tryLease().isEmpty());
        assertThrows(IllegalStateException.class, handle::lease);
    }

    @Test
    void closingALeaseTwiceReleasesOnce() throws Exception {
        ModelHandle handle = newHandle();
        ModelLease kept = handle.lease();
        ModelLease twice = handle.lease();
        handle.retire();
        twice.close();
        twice.close();
        assertFalse(handle.closed(), "a double close must not steal the other lease's reference");
        assertThrows(IllegalStateException.class, twice::model, "a closed lease hands out no model");
        kept.close();
        assertTrue(handle.closed());
    }

    @Test
    void retireIsIdempotent() throws Exception {
        ModelHandle handle = newHandle();
        ModelLease lease = handle.lease();
        handle.retire();
        handle.retire();
        assertFalse(handle.closed(), "a second retire must not drop the lease's reference");
        lease.close();
        assertTrue(handle.closed());
        assertEquals(1, closedCalls.get());
    }
}
