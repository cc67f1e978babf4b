package dev.udpm.core.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generate calls keep native memory flat: every input tensor, output tensor and Result is closed
 * (docs/tensorflow.md#closing-tensors).
 *
 * <p>Two checks, because an unclosed tensor is freed only if and when the garbage collector happens to collect its
 * Java object (JavaCPP's deallocator thread then releases the native buffer), so its cost in RSS depends on GC
 * timing:
 * <ol>
 *   <li>Live native objects, exact: JavaCPP counts every native object it will free ({@link Pointer#totalCount()},
 *       TensorFlow tensors included). Over a window of {@value #WINDOW} calls in which no GC ran, the count must not
 *       grow. Measured with a probe that never closed its Results: +50 per 50 calls, exactly one per call; with
 *       everything closed: 0.</li>
 *   <li>Resident memory over {@value #CALLS} calls: the tiny model here makes 32x32 RGB images, so a call at batch
 *       {@value #BATCH} makes one output tensor of 16 x 32 x 32 x 3 floats = 192 KiB and three latent tensors of
 *       16 x (16x16 + 8x8 + 4x4) x 3 floats = 63 KiB. Leaking only the outputs, uncollected, would add
 *       1000 x 192 KiB = 188 MiB, almost three times the {@value #BOUND_MIB} MiB allowed (leaking only the inputs,
 *       62 MiB, is check 1's to find). (A leaking probe measured +317 MiB over 3000 calls of a 64 KiB output in one run, but only +26 MiB
 *       in another where the GC ran: hence check 1.) Growth of the committed Java heap is subtracted, since the RSS
 *       counts it too.</li>
 * </ol>
 */
class NativeMemoryTest {

    static final int BATCH = 16;
    static final int WINDOW = 100;
    static final int CALLS = 1000;
    static final int BOUND_MIB = 64;
    static final int SETTLE_CALLS = 1000;

    @TempDir
    static Path temp;
    private static Path dir;

    @BeforeAll
    static void export() throws IOException {
        dir = temp.resolve("tiny-rgb");
        TinyModels.export(dir, 1, TinyModels.NAME, "memory", 32, 3, 10);
    }

    @Test
    void thousandsOfGenerateCallsKeepNativeMemoryFlat() throws IOException {
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = i % 10;
        }
        try (UdpmModel model = ModelLoader.load(dir, DeviceOptions.cpu(0, 0))) {
            LatentBatch latents = ModelTestData.latents(model.latentShapes(), BATCH, 1);
            for (int i = 0; i < 100; i++) { // warm-up: graph optimisation, allocator pools, JIT
                model.generate(latents, labels);
            }

            boolean measured = false;
            for (int attempt = 0; attempt < 5 && !measured; attempt++) {
                long gcBefore = collections();
                long liveBefore = Pointer.totalCount();
                for (int i = 0; i < WINDOW; i++) {
                    model.generate(latents, labels);
                }
                long liveGrowth = Pointer.totalCount() - liveBefore;
                if (collections() == gcBefore) {
                    measured = true;
                    assertTrue(liveGrowth < 10, "native objects alive grew by " + liveGrowth + " over " + WINDOW
                            + " calls without a GC: a tensor or Result is not closed");
                }
            }
            assertTrue(measured, "every window of " + WINDOW + " calls saw a garbage collection; cannot count leaks");

            // The RSS window starts once the native allocator has reached its steady state: glibc arenas and
            // oneDNN's caches grow in steps during the first calls (once measured +97 MiB on a loaded machine
            // right after the warm-up above), while a leak grows with every call.
            for (int i = 0; i < SETTLE_CALLS; i++) {
                model.generate(latents, labels);
            }
            long rssBefore = residentBytes();
            long heapBefore = committedHeap();
            for (int i = 0; i < CALLS; i++) {
                model.generate(latents, labels);
            }
            long rssGrowth = residentBytes() - rssBefore;
            long heapGrowth = committedHeap() - heapBefore;
            long nativeGrowth = rssGrowth - Math.max(0, heapGrowth);
            System.out.printf("native memory test: RSS %+d KiB, committed heap %+d KiB, native %+d KiB over %d calls%n",
                    rssGrowth >> 10, heapGrowth >> 10, nativeGrowth >> 10, CALLS);
            assertTrue(nativeGrowth < (long) BOUND_MIB << 20, "native memory grew by " + (nativeGrowth >> 20)
                    + " MiB over " + CALLS + " calls (RSS " + (rssGrowth >> 20) + " MiB, heap " + (heapGrowth >> 20)
                    + " MiB): a tensor or Result is not closed");
        }
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    private static long committedHeap() {
        return Runtime.getRuntime().totalMemory();
    }

    /** VmRSS from /proc/self/status (Linux), in bytes. */
    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS line in /proc/self/status: this test needs Linux");
    }
}
