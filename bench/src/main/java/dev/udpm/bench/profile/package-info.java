/**
 * {@code bench profile}: a per-op profile of one chain call (TensorFlow step statistics), session variants
 * compared on outputs and speed, and the same-network PyTorch peer, timed interleaved in one run.
 */
package dev.udpm.bench.profile;
