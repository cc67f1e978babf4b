/**
 * The whole reverse chain in one graph (docs/method.md#5-sampling): {@link dev.udpm.core.chain.SamplingGraph}, with
 * the public input/output names of {@link dev.udpm.core.chain.SamplingSignature}.
 */
package dev.udpm.core.chain;
