package dev.udpm.core.tf;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Conversions between Java arrays and TensorFlow tensors (NHWC float32, row-major: index
 * {@code ((n*H + y)*W + x)*C + c}). Every tensor returned here is owned by the caller, who must close it
 * (try-with-resources).
 */
public final class Tensors {

    private Tensors() {
    }

    /**
     * A new {@code [n, height, width, channels]} float32 tensor holding a copy of {@code values}.
     *
     * @throws IllegalArgumentException if {@code values.length != n*height*width*channels}
     */
    public static TFloat32 nhwc(float[] values, int n, int height, int width, int channels) {
        long expected = (long) n * height * width * channels;
        if (values.length != expected) {
            throw new IllegalArgumentException("NHWC tensor [" + n + ", " + height + ", " + width + ", " + channels
                    + "] needs " + expected + " values, got " + values.length);
        }
        return TFloat32.tensorOf(Shape.of(n, height, width, channels), DataBuffers.of(values, true, false));
    }

    /** A new {@code [labels.length]} int32 tensor. */
    public static TInt32 vector(int[] labels) {
        return TInt32.vectorOf(labels);
    }

    /** A copy of every value of {@code tensor}, in row-major order. */
    public static float[] toFloats(TFloat32 tensor) {
        long size = tensor.shape().size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of shape " + tensor.shape() + " is too large for a Java array");
        }
        float[] out = new float[(int) size];
        tensor.copyTo(DataBuffers.of(out, false, false));
        return out;
    }
}
