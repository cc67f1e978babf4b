/**
 * The UDPM mathematics as TensorFlow graph ops (NHWC float32, graph mode, Ops API), for the sampling and
 * training graphs: {@link dev.udpm.core.tf.DegradationOps} ({@code H}, {@code H^T}, {@code H^l}, {@code Q}),
 * {@link dev.udpm.core.tf.ForwardProcessOps} (marginal, eq. 9; prior of {@code x_L}),
 * {@link dev.udpm.core.tf.PosteriorOps} with {@link dev.udpm.core.tf.PosteriorWeights} (posterior draw, eqs. 11-12,
 * EXACT and PAPER_CODE) and {@link dev.udpm.core.tf.Tensors} (array/tensor conversion). Scalars are computed in
 * double from {@link dev.udpm.core.math.Schedule} and enter the graph as float constants. Tested against the
 * double-precision reference in {@code dev.udpm.core.math} to 1e-5.
 */
package dev.udpm.core.tf;
