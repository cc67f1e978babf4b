/**
 * Tenants of the worker: their configuration ({@link dev.udpm.worker.tenants.TenantsConfig}: fair share weights,
 * request rate, image quotas), the per-tenant image accounting and quota rule both doors apply
 * ({@link dev.udpm.worker.tenants.TenantQuotas}) and the per-tenant meters
 * ({@link dev.udpm.worker.tenants.TenantMetrics}).
 */
package dev.udpm.worker.tenants;
