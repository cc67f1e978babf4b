package dev.udpm.bench;

/**
 * P7 in process: resident memory of this JVM (TensorFlow's native heap included) after warm-up and after
 * {@code images} more images through the chain. Unclosed tensors leak native memory 1:1
 * (docs/tensorflow.md#closing-tensors), so a leak shows as growth proportional to the images run.
 */
public final class MemoryBench {

    private MemoryBench() {
    }

    /** Runs the chain at {@code batch} until {@code images} images and returns RSS after / RSS before. */
    public static Figure run(BenchGraph g, int batch, int warmup, int images) {
        Rounds.Task chain = g.chain(batch);
        for (int i = 0; i < warmup; i++) {
            chain.run();
        }
        System.gc();
        double before = Machine.rssMiB("self");
        int calls = (images + batch - 1) / batch;
        for (int i = 0; i < calls; i++) {
            chain.run();
        }
        System.gc();
        double after = Machine.rssMiB("self");
        return Figure.of("P7", "in-process RSS after " + calls * batch + " images / after warm-up", after / before,
                "<= 1.05 (no leak)", after / before <= 1.05, String.format(
                        "%.0f MiB / %.0f MiB (batch %d, JVM + TensorFlow native heap)", after, before, batch));
    }
}
