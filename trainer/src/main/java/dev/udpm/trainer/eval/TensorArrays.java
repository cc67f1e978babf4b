package dev.udpm.trainer.eval;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** Copies between Java arrays and TensorFlow tensors (the caller closes the tensors it gets). */
final class TensorArrays {

    private TensorArrays() {
    }

    /** An NHWC image batch {@code [count, size, size, channels]} from {@code values[offset ...]}. */
    static TFloat32 images(float[] values, int offset, int count, int size, int channels) {
        int length = count * size * size * channels;
        return TFloat32.tensorOf(Shape.of(count, size, size, channels),
                DataBuffers.of(values, true, false).slice(offset, length));
    }

    /** A label vector {@code [count]} from {@code labels[offset ...]}. */
    static TInt32 labels(int[] labels, int offset, int count) {
        return TInt32.tensorOf(Shape.of(count), DataBuffers.of(labels, true, false).slice(offset, count));
    }

    /** Copies all values of {@code t} into {@code out[offset ...]}. */
    static void copy(TFloat32 t, float[] out, int offset) {
        t.copyTo(DataBuffers.of(out, false, false).slice(offset, t.size()));
    }

    /** Copies all values of {@code t} into {@code out[offset ...]} as ints. */
    static void copy(TInt64 t, int[] out, int offset) {
        long[] values = new long[(int) t.size()];
        t.copyTo(DataBuffers.of(values, false, false));
        for (int i = 0; i < values.length; i++) {
            out[offset + i] = (int) values[i];
        }
    }

    /** The single value of a scalar float tensor. */
    static float scalar(TFloat32 t) {
        return t.getFloat();
    }
}
