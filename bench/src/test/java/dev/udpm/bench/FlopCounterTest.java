package dev.udpm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

class FlopCounterTest {

    @Test
    void conv2dCounts2kkCinCoutHoutWoutPerImage() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 2)));
            // 3x3, 2 -> 4 channels, stride 2, SAME: output 4x4x4
            Operand<TFloat32> y = tf.nn.conv2d(x, tf.zeros(tf.constant(new long[] {3, 3, 2, 4}), TFloat32.class),
                    List.of(1L, 2L, 2L, 1L), "SAME");
            FlopCounter.Count c = FlopCounter.perImage(g, List.of(y)).get(0);
            assertEquals(2L * 3 * 3 * 2 * 4 * 4 * 4, c.flops(), "2 k k Cin Cout Hout Wout = 1152");
            assertEquals(1, c.counted());
            assertEquals(0, c.unresolved());
        }
    }

    @Test
    void matMulAndBatchMatMulCount2mnkAndOnlyWhatTheOutputNeeds() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> a = tf.zeros(tf.constant(new long[] {3, 5}), TFloat32.class);
            Operand<TFloat32> b = tf.zeros(tf.constant(new long[] {5, 7}), TFloat32.class);
            Operand<TFloat32> ab = tf.linalg.matMul(a, b); // 2*3*7*5 = 210
            Operand<TFloat32> q = tf.zeros(tf.constant(new long[] {2, 6, 4}), TFloat32.class);
            // q q^T per batch: [2, 6, 6], k = 4: 2 * 2*6*6 * 4 = 576
            Operand<TFloat32> qq = tf.train.batchMatMul(q, q, TFloat32.class, BatchMatMul.adjY(true));
            Operand<TFloat32> unused = tf.linalg.matMul(b, tf.zeros(tf.constant(new long[] {7, 9}), TFloat32.class));
            List<FlopCounter.Count> counts = FlopCounter.perImage(g, List.of(ab, qq, unused));
            assertEquals(210, counts.get(0).flops());
            assertEquals(576, counts.get(1).flops());
            assertEquals(2L * 5 * 9 * 7, counts.get(2).flops());
        }
    }

    @Test
    void dynamicBatchHidingUpsampleSizesIsResolvedByTheBatchOneCopy() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4, 4, 1)));
            // size computed from tf.shape, as the U-Net's upsampling does: unknown in the original graph
            Operand<org.tensorflow.types.TInt32> size = tf.math.mul(tf.stridedSlice(tf.shape(x),
                    tf.constant(new int[] {1}), tf.constant(new int[] {3}), tf.constant(new int[] {1})),
                    tf.constant(2));
            Operand<TFloat32> up = tf.image.resizeNearestNeighbor(x, size);
            Operand<TFloat32> y = tf.nn.conv2d(up, tf.zeros(tf.constant(new long[] {1, 1, 1, 3}), TFloat32.class),
                    List.of(1L, 1L, 1L, 1L), "SAME");
            assertEquals(1, FlopCounter.count(g, y).unresolved(), "the original graph cannot size the conv");
            FlopCounter.Count c = FlopCounter.perImage(g, List.of(y)).get(0);
            assertEquals(0, c.unresolved());
            assertEquals(2L * 1 * 8 * 8 * 3, c.flops());
        }
    }
}
