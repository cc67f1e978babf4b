/**
 * Health checks of the worker: readiness {@code models} (a model is loaded). The object-store check comes from
 * udpm-storage, the Kafka connection and messaging checks from Quarkus; liveness is the messaging liveness check.
 */
package dev.udpm.worker.health;
