/**
 * The REST front door ({@code /v1}): {@code POST /v1/jobs} (validated with the shared ContractValidator, written to
 * udpm.jobs by {@link dev.udpm.worker.api.JobSubmitter}), {@code GET /v1/jobs/{jobId}}, {@code GET /v1/models}.
 * Errors are RFC 9457 problem details ({@link dev.udpm.worker.api.Problem}); API keys or bearer tokens are checked by
 * {@link dev.udpm.worker.api.ApiAuthFilter} ({@link dev.udpm.worker.api.ApiConfig}).
 */
package dev.udpm.worker.api;
