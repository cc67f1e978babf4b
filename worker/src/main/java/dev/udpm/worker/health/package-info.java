/**
 * Health checks of the worker: readiness {@code models} (a model is loaded), {@code job-intake} (partitions
 * assigned) and {@code kafka-broker} (cached probe); the object-store check (cached) comes from udpm-storage, the
 * messaging checks from Quarkus; liveness is {@code model-loader} and the messaging liveness check. No check waits
 * on a dependency during the health request.
 */
package dev.udpm.worker.health;
