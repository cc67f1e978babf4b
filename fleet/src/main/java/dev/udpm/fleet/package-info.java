/** The one-command local fleet: a real Kafka broker (KRaft) and S3Proxy with their data under a folder, plus the apps. */
package dev.udpm.fleet;
