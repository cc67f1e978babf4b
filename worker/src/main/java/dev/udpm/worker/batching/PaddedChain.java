package dev.udpm.worker.batching;

import java.util.ArrayList;
import java.util.List;

import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.latent.Latents;
import dev.udpm.core.math.Hwc;
import dev.udpm.core.model.UdpmModel;

/**
 * Runs one batch through {@link UdpmModel#generate} with the batch size N padded up to a multiple of
 * {@code padMultiple}, so that an image's bytes do not depend on the batch it ran in.
 *
 * <p>Why: TensorFlow's CPU kernels split the batch dimension into SIMD blocks and between threads, and which
 * code path an image takes depends on the batch size and its position. Measured with TF 2.18 via TF Java 1.1.0,
 * 2 threads, tiny model: on AVX-512 Intel CPUs an image's floats are bit-identical at every position of every
 * batch whose size is a multiple of 4, but a batch of 1 and the tail positions of other sizes differ in up to
 * ~97% of the values by up to 1.3e-6; on an AVX2 AMD EPYC CPU even padded sizes 8, 20, 28 and 32 have positions
 * that differ, while at size 16 every position agrees (and so do sizes 4, 12 and 24). Such a difference is far
 * below the 8-bit quantum (1/127.5) but, about 1 image in a few thousand with the shipped model, moves a value
 * across a rounding boundary and changes the PNG (seen in the fault suite: one pixel of one image off by one after
 * a failover re-ran its shard in other batches). Padding every call to the batch size the worker runs at (the
 * default: {@code pad-multiple} = {@code max-size} = 16) gives every call one shape; the padding images are zero
 * latents with label 0 and their outputs are dropped.
 *
 * <p>Bit-identity holds for one TensorFlow build on one CPU family; a fleet mixing CPU families can produce
 * different (equally valid) bytes for the same job, which the manifest's sha256s then record.
 */
public final class PaddedChain {

    private final int padMultiple;

    /** @param padMultiple pad N up to a multiple of this (1 = no padding) */
    public PaddedChain(int padMultiple) {
        if (padMultiple < 1) {
            throw new IllegalArgumentException("chain pad multiple = " + padMultiple + " must be at least 1");
        }
        this.padMultiple = padMultiple;
    }

    public int padMultiple() {
        return padMultiple;
    }

    /** N padded up: the smallest multiple of {@link #padMultiple()} that is at least {@code n}. */
    public int paddedSize(int n) {
        return (n + padMultiple - 1) / padMultiple * padMultiple;
    }

    /**
     * Images for {@code latents}, in order.
     *
     * @param labels one class label per image (ignored by an unconditional model)
     * @return {@code [n, S, S, C]} row-major for the n = {@code latents.size()} real images only
     */
    public float[] generate(UdpmModel model, List<Latents> latents, int[] labels) {
        int n = latents.size();
        if (labels.length != n) {
            throw new IllegalArgumentException("chain: " + n + " latent sets but " + labels.length + " labels");
        }
        int padded = paddedSize(n);
        if (padded == n) {
            return model.generate(latents, labels);
        }
        List<Latents> all = new ArrayList<>(latents);
        Latents zero = zeros(model.latentShapes());
        while (all.size() < padded) {
            all.add(zero);
        }
        int[] allLabels = new int[padded];
        System.arraycopy(labels, 0, allLabels, 0, n);
        float[] images = model.generate(all, allLabels);
        int perImage = images.length / padded;
        float[] real = new float[n * perImage];
        System.arraycopy(images, 0, real, 0, real.length);
        return real;
    }

    private static Latents zeros(LatentShapes shapes) {
        List<Hwc> maps = new ArrayList<>();
        for (int l = 1; l <= shapes.levels(); l++) {
            maps.add(shapes.zeros(l));
        }
        return Latents.of(shapes, maps);
    }
}
