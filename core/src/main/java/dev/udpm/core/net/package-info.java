/**
 * The shared UDPM denoiser (docs/method.md#4-network-and-training): {@link dev.udpm.core.net.UNet} configured by
 * {@link dev.udpm.core.net.UNetConfig}; its variables ({@link dev.udpm.core.net.NetworkParameters}, flat names,
 * seeded initialisation, EMA copies) are created once and reused by every application; weights move between graphs
 * as {@link dev.udpm.core.net.NetworkWeights} through a {@link dev.udpm.core.net.WeightLoader}.
 */
package dev.udpm.core.net;
