package dev.udpm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

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
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            // 100 ms of this thread's own CPU time, however long that takes on a loaded machine
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
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
        // a name under Linux's 15-character limit, so /proc lists it whole and the wait below can see it
        String name = "cpu-ended-1";
        Thread busy = new Thread(() -> {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            long x = 0;
            while (bean.getCurrentThreadCpuTime() < 200_000_000L) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.println(x);
            }
        }, name);
        busy.start();
        busy.join();
        // join() returns before the kernel has reaped the thread: until then /proc still lists it with its CPU time
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (listed(name) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertFalse(listed(name), "the thread is still listed in /proc 10 s after join()");
        Map<String, Double> seconds = ThreadCpu.snapshot("self").secondsSince(before);
        assertFalse(seconds.containsKey("cpu-ended"), "the thread is gone from /proc: " + seconds);
        assertTrue(seconds.getOrDefault(ThreadCpu.ENDED, 0.0) >= 0.15, "its 200 ms of CPU: " + seconds);
    }

    private static boolean listed(String threadName) throws IOException {
        try (Stream<Path> tasks = Files.list(
                Path.of("/proc/self/task"))) {
            return tasks.anyMatch(task -> {
                try {
                    return Files.readString(task.resolve("comm")).strip().equals(threadName);
                } catch (IOException gone) {
                    return false;
                }
            });
        }
    }
}
