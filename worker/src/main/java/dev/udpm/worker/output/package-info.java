/**
 * A job's objects in the store: PNG encoding of chain output ({@link dev.udpm.worker.output.ImageEncoder}), grids and
 * principal-component images ({@link dev.udpm.worker.output.DerivedImages}), manifests, attempt claims and found
 * images ({@link dev.udpm.worker.output.JobObjects}).
 */
package dev.udpm.worker.output;
