/**
 * The whole reverse chain in one graph (udpm-method.md section 5): {@link dev.udpm.core.chain.SamplingGraph}, with
 * the public input/output names of {@link dev.udpm.core.chain.SamplingSignature}.
 */
package dev.udpm.core.chain;
