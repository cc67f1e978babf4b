package dev.udpm.core.math;

import java.util.Random;

/** Random maps for tests (java.util.Random with a fixed seed: reproducible on every JVM). */
public final class TestMaps {

    private TestMaps() {
    }

    /** i.i.d. uniform values in [-1, 1). */
    public static Hwc uniform(Random rng, int height, int width, int channels) {
        double[] v = new double[height * width * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2.0 * rng.nextDouble() - 1.0;
        }
        return new Hwc(height, width, channels, v);
    }

    /** i.i.d. standard normal values. */
    public static Hwc gaussian(Random rng, int height, int width, int channels) {
        double[] v = new double[height * width * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return new Hwc(height, width, channels, v);
    }

    /** The values 1, 2, 3, ... in HWC order. */
    public static Hwc counting(int height, int width, int channels) {
        double[] v = new double[height * width * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return new Hwc(height, width, channels, v);
    }
}
