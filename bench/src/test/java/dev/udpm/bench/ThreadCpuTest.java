package dev.udpm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsOfOnePoolFallInOneGroup() {
        assertEquals("udpm-job-io", ThreadCpu.group("udpm-job-io-3"));
        assertEquals("GC Thread", ThreadCpu.group("GC Thread#1"));
        assertEquals("C2 CompilerThre", ThreadCpu.group("C2 CompilerThre"));
        assertEquals("42", ThreadCpu.group("42"));
    }

    @Test
    void aBusyThreadShowsUpUnderItsGroupWithItsCpuTime() throws Exception {
        ThreadCpu before = ThreadCpu.snapshot("self");
        java.util.concurrent.CountDownLatch burnt = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread busy = new Thread(() -> {
            // 100 ms of this thread's own CPU time, however long that takes on a loaded machine
            java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            long x = 0;
            while (bean.getCurrentThreadCpuTime() < 100_000_000L) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.println(x);
            }
            burnt.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-test-burner-1");
        busy.start();
        burnt.await();
        ThreadCpu during = ThreadCpu.snapshot("self"); // the thread must be alive to be listed
        release.countDown();
        busy.join();
        Map<String, Double> seconds = during.secondsSince(before);
        assertTrue(seconds.getOrDefault("cpu-test-burner", 0.0) >= 0.08, "the burner's CPU time: " + seconds);
        String table = ThreadCpu.perImage(seconds, 10, 0.0);
        assertTrue(table.contains("cpu-test-burner"), table);
        assertTrue(table.contains("total"), table);
    }

    @Test
    void theCpuOfAThreadThatEndedBetweenTheSnapshotsIsCountedAsEnded() throws Exception {
        ThreadCpu before = ThreadCpu.snapshot("self");
        Thread busy = new Thread(() -> {
            java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            long x = 0;
            while (bean.getCurrentThreadCpuTime() < 200_000_000L) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.println(x);
            }
        }, "cpu-test-short-lived-1");
        busy.start();
        busy.join();
        Map<String, Double> seconds = ThreadCpu.snapshot("self").secondsSince(before);
        assertTrue(!seconds.containsKey("cpu-test-short-lived"), "the thread is gone from /proc: " + seconds);
        assertTrue(seconds.getOrDefault(ThreadCpu.ENDED, 0.0) >= 0.15, "its 200 ms of CPU: " + seconds);
    }
}
