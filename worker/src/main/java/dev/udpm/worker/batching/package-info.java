/**
 * Dynamic batching across jobs ({@link dev.udpm.worker.batching.DynamicBatcher}) and batch-invariant chain calls
 * ({@link dev.udpm.worker.batching.PaddedChain}).
 */
package dev.udpm.worker.batching;
