package dev.udpm.deploy.monitoring;

/**
 * One PromQL expression of the monitoring files.
 *
 * @param where file and panel or alert, for messages
 * @param expr the expression
 */
public record Query(String where, String expr) {
}
