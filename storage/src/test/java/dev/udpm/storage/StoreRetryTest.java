package dev.udpm.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StoreRetryTest {

    private static final StoreRetry POLICY = new StoreRetry(Duration.ofSeconds(60), Duration.ofMillis(200),
            Duration.ofSeconds(5));

    private final AtomicLong clock = new AtomicLong();
    private final List<Long> waits = new ArrayList<>();

    private boolean sleep(long nanos) {
        waits.add(nanos);
        clock.addAndGet(nanos);
        return true;
    }

    @Test
    void anUnavailableStoreIsRetriedWithGrowingJitteredWaitsUntilItAnswers() {
        AtomicInteger calls = new AtomicInteger();
        String result = POLICY.call("put k", () -> {
            if (calls.incrementAndGet() < 6) {
                throw new StorageUnavailableException("connection refused", null);
            }
            return "ok";
        }, clock::get, this::sleep);

        assertEquals("ok", result);
        assertEquals(6, calls.get());
        assertEquals(5, waits.size());
        for (int i = 0; i < waits.size(); i++) {
            long cap = Math.min(TimeUnit.MILLISECONDS.toNanos(200) << i, TimeUnit.SECONDS.toNanos(5));
            assertTrue(waits.get(i) >= cap / 2 && waits.get(i) <= cap, "wait " + i + " = " + waits.get(i));
        }
    }

    @Test
    void itGivesUpOnceMaxDurationHasPassedNamingHowLong() {
        AtomicInteger calls = new AtomicInteger();
        StorageUnavailableException failure = assertThrows(StorageUnavailableException.class,
                () -> POLICY.call("get k", () -> {
                    calls.incrementAndGet();
                    throw new StorageUnavailableException("connection refused", null);
                }, clock::get, this::sleep));

        assertTrue(clock.get() <= TimeUnit.SECONDS.toNanos(60), "never waits past max-duration: " + clock.get());
        assertTrue(clock.get() >= TimeUnit.SECONDS.toNanos(50), "keeps trying for about max-duration: " + clock.get());
        assertTrue(failure.getMessage().contains("object store unavailable for")
                && failure.getMessage().contains("udpm.storage.retry.max-duration = PT1M")
                && failure.getMessage().contains("connection refused"), failure.getMessage());
        assertEquals(calls.get(), waits.size() + 1);
    }

    @Test
    void finalErrorsAndMissingObjectsAreNotRetried() {
        StorageException denied = new StorageException("AccessDenied (HTTP 403)");
        assertSame(denied, assertThrows(StorageException.class,
                () -> POLICY.call("get k", () -> {
                    throw denied;
                }, clock::get, this::sleep)));
        assertThrows(NoSuchObjectException.class, () -> POLICY.call("get k", () -> {
            throw new NoSuchObjectException("b", "k");
        }, clock::get, this::sleep));
        assertEquals(List.of(), waits);
    }

    @Test
    void aStoreThatDoesNotAnswerFailsAsUnavailableAndOneThatRefusesAsFinal() {
        StorageConfig nowhere = StorageConfigTest.mapping(Map.of("udpm.storage.endpoint", "http://127.0.0.1:1"));
        try (ObjectStore store = ObjectStore.connect(nowhere)) {
            assertThrows(StorageUnavailableException.class, () -> store.put("k", new byte[] {1}, "image/png"));
            StorageUnavailableException exhausted = assertThrows(StorageUnavailableException.class,
                    () -> new StoreRetry(Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofMillis(100))
                            .call("get k", () -> store.get("k")));
            assertTrue(exhausted.getMessage().contains("attempts"), exhausted.getMessage());
        }
    }
}
