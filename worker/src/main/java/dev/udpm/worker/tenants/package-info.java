/**
 * Tenants of the worker: their configuration (fair share weights; {@link dev.udpm.worker.tenants.TenantsConfig}).
 */
package dev.udpm.worker.tenants;
