package dev.udpm.worker.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class AdmissionGateTest {

    @Test
    void holdsAtMostThePermitsAndHandsReleasedOnesOverInArrivalOrder() {
        AdmissionGate gate = new AdmissionGate(2);
        AdmissionGate.Permit first = gate.acquire().toCompletableFuture().join();
        gate.acquire().toCompletableFuture().join();
        CompletableFuture<AdmissionGate.Permit> third = gate.acquire().toCompletableFuture();
        CompletableFuture<AdmissionGate.Permit> fourth = gate.acquire().toCompletableFuture();

        assertFalse(third.isDone(), "two held: the third waits");
        assertEquals(2, gate.waiting());
        first.release();
        assertTrue(third.isDone(), "a release hands the permit to the first waiter");
        assertFalse(fourth.isDone());
        first.release();
        assertFalse(fourth.isDone(), "releasing a permit twice frees nothing more");
        assertEquals(0, gate.available());
    }

    @Test
    void releasedPermitsBecomeAvailableWhenNobodyWaits() {
        AdmissionGate gate = new AdmissionGate(1);
        gate.acquire().toCompletableFuture().join().release();
        assertEquals(1, gate.available());
        assertThrows(IllegalArgumentException.class, () -> new AdmissionGate(0));
    }
}
