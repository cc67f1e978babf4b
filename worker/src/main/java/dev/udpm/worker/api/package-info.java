/**
 * The REST front door ({@code /v1}): {@code POST /v1/jobs} (validated with the shared ContractValidator, written to
 * udpm.jobs by {@link dev.udpm.worker.api.JobSubmitter}), {@code GET} and {@code DELETE /v1/jobs/{jobId}},
 * {@code GET /v1/models}. Authentication and errors come from the shared {@code dev.udpm.rest} module (API keys,
 * tenants, RFC 9457 problems), configured by {@link dev.udpm.worker.api.ApiConfig}.
 */
package dev.udpm.worker.api;
