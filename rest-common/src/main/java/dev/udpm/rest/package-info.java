/**
 * What the worker's and the trainer's REST APIs share: API-key authentication ({@link dev.udpm.rest.ApiAuthFilter},
 * {@link dev.udpm.rest.ApiKeyAuthenticator}, the caller
 * {@link dev.udpm.rest.ApiCaller} with its tenant) and RFC 9457 problem details ({@link dev.udpm.rest.Problem},
 * {@link dev.udpm.rest.Problems}, {@link dev.udpm.rest.ProblemMappers}).
 */
package dev.udpm.rest;
